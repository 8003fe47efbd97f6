package io.exportjobs.shared.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExportRequestTest {

  private static final TimeRange OCTOBER =
      new TimeRange(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z"));
  private static final Instant CREATED = Instant.parse("2026-11-02T08:00:00Z");

  private static ExportRequest.Builder required() {
    return ExportRequest.builder()
        .jobId("exp-demo-1")
        .tenant("demo")
        .type(ExportType.LEDGER)
        .format(ExportFormat.NDJSON)
        .range(OCTOBER)
        .createdAt(CREATED);
  }

  @Test
  void aRequestWithOnlyItsRequiredFieldsTakesTheDefaults() {
    ExportRequest request = required().build();

    assertThat(request.jobId()).isEqualTo("exp-demo-1");
    assertThat(request.range()).isEqualTo(OCTOBER);
    assertThat(request.createdAt()).isEqualTo(CREATED);
    assertThat(request.attempt()).isEqualTo(1);
    assertThat(request.filters()).isEqualTo(ExportFilters.none());
    assertThat(request.labels()).isEmpty();
    assertThat(request.callerScopes()).isEmpty();
    assertThat(request.scheduleId()).isNull();
  }

  @Test
  void aRequestWithoutItsRequiredFieldsIsRefusedNamingThem() {
    assertThatThrownBy(() -> ExportRequest.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "an export request needs jobId, tenant, type, format, range, createdAt (not set)");
    assertThatThrownBy(() -> required().range(null).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("an export request needs range (not set)");
    assertThatThrownBy(() -> required().tenant(null).createdAt(null).build())
        .hasMessage("an export request needs tenant, createdAt (not set)");
  }

  @Test
  void anAttemptBelowOneIsRefused() {
    assertThatThrownBy(() -> required().attempt(0).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("attempt is 1 or more, not 0");
  }

  @Test
  void everyFieldSetIsKeptAndToBuilderGivesItBack() {
    ExportFilters filters = new ExportFilters(List.of("alice"), List.of(), List.of(), List.of());
    ExportRequest request =
        required()
            .filters(filters)
            .labels(Map.of("ticket", "SEC-42"))
            .retention("P30D")
            .target("default")
            .requestedBy("dev-demo-writer")
            .callerScopes(Set.of("exports:write"))
            .attempt(3)
            .scheduleId("nightly")
            .build();

    assertThat(request)
        .isEqualTo(
            new ExportRequest(
                "exp-demo-1",
                "demo",
                ExportType.LEDGER,
                ExportFormat.NDJSON,
                OCTOBER,
                filters,
                Map.of("ticket", "SEC-42"),
                "P30D",
                "default",
                CREATED,
                "dev-demo-writer",
                Set.of("exports:write"),
                3,
                "nightly",
                null));
    assertThat(request.toBuilder().build()).isEqualTo(request);
    assertThat(request.withAttempt(4)).isEqualTo(request.toBuilder().attempt(4).build());
    assertThat(request.withAttempt(4).attempt()).isEqualTo(4);
    TimeRange seqs = TimeRange.ofSeq(10L, null);
    assertThat(request.withRange(seqs).range()).isEqualTo(seqs);
    assertThat(request.withRange(seqs).jobId()).isEqualTo("exp-demo-1");
  }

  @Test
  void aJobRunsAgainAsItWasAskedForWithTheCallersRights() {
    ExportRequest original =
        required()
            .labels(Map.of("team", "sec"))
            .retention("P7D")
            .target("default")
            .requestedBy("alice")
            .callerScopes(Set.of("exports:write"))
            .attempt(2)
            .scheduleId("nightly")
            .build();

    ExportRequest again = ExportRequest.of(original.pendingJob(), Set.of("exports:admin")).build();

    assertThat(again).isEqualTo(original.toBuilder().callerScopes(Set.of("exports:admin")).build());
  }
}
