package io.exportjobs.shared.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.TimeRange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorSummaryTest {

  static ExportRequest request(ExportType type, ExportFormat format, TimeRange range, int attempt) {
    return ExportRequest.builder()
        .jobId("exp-demo-01JABCDEFGHJKMNPQRSTVWXYZ0")
        .tenant("demo")
        .type(type)
        .format(format)
        .range(range)
        .filters(
            new ExportFilters(
                List.of("alice", "bob"), List.of(), List.of(), List.of(Outcome.DENIED)))
        .labels(Map.of("ticket", "SEC-42", "team", "sec"))
        .retention("P30D")
        .target("default")
        .createdAt(Instant.parse("2026-11-02T10:00:00Z"))
        .requestedBy("dev-demo-writer")
        .callerScopes(Set.of("exports:write"))
        .attempt(attempt)
        .build();
  }

  static final TimeRange OCTOBER =
      new TimeRange(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"));

  @Test
  void oneLineWithTenantTypeFormatRangeAndRequester() {
    assertThat(OperatorSummary.of(request(ExportType.LEDGER, ExportFormat.NDJSON, OCTOBER, 1)))
        .isEqualTo(
            "demo · ledger/ndjson · 2026-10-01T00:00Z..2026-11-01T00:00Z · by dev-demo-writer");
  }

  @Test
  void aRetryNamesItsAttemptAndOddTimesKeepTheirPrecision() {
    TimeRange odd =
        new TimeRange(
            Instant.parse("2026-10-01T00:00:30Z"), Instant.parse("2026-10-01T00:01:00.250Z"));
    assertThat(OperatorSummary.of(request(ExportType.LEDGER, ExportFormat.CSV, odd, 2)))
        .isEqualTo(
            "demo · ledger/csv · 2026-10-01T00:00:30Z..2026-10-01T00:01:00.250Z"
                + " · by dev-demo-writer · attempt 2");
  }

  @Test
  void aSnapshotHasNoStart() {
    TimeRange untilNovember = new TimeRange(null, Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(
            OperatorSummary.of(request(ExportType.SNAPSHOT, ExportFormat.TAR_GZ, untilNovember, 1)))
        .isEqualTo("demo · snapshot/tar.gz · ..2026-11-01T00:00Z · by dev-demo-writer");
  }

  @Test
  void scheduleLineNamesCronWindowAndSchedule() {
    assertThat(
            OperatorSummary.ofSchedule(
                request(ExportType.LEDGER, ExportFormat.NDJSON, OCTOBER, 1),
                "0 2 * * *",
                "Europe/Berlin",
                "P1D",
                "nightly"))
        .isEqualTo(
            "demo · ledger/ndjson · every '0 2 * * *' Europe/Berlin, window P1D"
                + " · schedule nightly · by dev-demo-writer");
  }

  @Test
  void detailsListWhatTheLineLeavesOut() {
    assertThat(OperatorSummary.details(request(ExportType.LEDGER, ExportFormat.NDJSON, OCTOBER, 1)))
        .isEqualTo(
            """
            **Job** `exp-demo-01JABCDEFGHJKMNPQRSTVWXYZ0`, attempt 1

            **Range** `[2026-10-01T00:00:00Z, 2026-11-01T00:00:00Z)`

            **Filters** actors `alice|bob`, outcomes `denied`

            **Labels** `team=sec`, `ticket=SEC-42`

            **Target** `default`, retention `P30D`""");
  }

  @Test
  void scheduleDetailsNameCronZoneAndWindow() {
    assertThat(
            OperatorSummary.scheduleDetails(
                request(ExportType.LEDGER, ExportFormat.NDJSON, OCTOBER, 1),
                "0 2 * * *",
                "Europe/Berlin",
                "P1D",
                "nightly"))
        .startsWith(
            "**Schedule** `nightly`: `0 2 * * *` in Europe/Berlin; each run exports the `P1D`"
                + " before its scheduled time\n\n**Filters**")
        .endsWith("**Target** `default`, retention `P30D`");
  }
}
