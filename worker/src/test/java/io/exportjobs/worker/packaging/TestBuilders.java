package io.exportjobs.worker.packaging;

import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.workflow.ExtractionResult;
import io.exportjobs.worker.extraction.StagingArea;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The worker's builders outside Spring, and staged entries to build from, for tests. */
public final class TestBuilders {

  private TestBuilders() {}

  /** The builders the worker's context holds (packs need keys and the ledger only when run). */
  static List<ArtifactBuilder> list() {
    SignedPacks packs = new SignedPacks(null, null, null, null);
    return List.of(
        new AuditReportBuilder(), new EvidencePackBuilder(packs), new SnapshotBuilder(packs));
  }

  public static ArtifactBuilders all() {
    return new ArtifactBuilders(list());
  }

  /**
   * The build activity with every builder, for types that are not signed packs (it has no keys and
   * no job index).
   */
  public static PackagingActivitiesImpl packaging(StagingArea staging) {
    return new PackagingActivitiesImpl(staging, all(), null, null);
  }

  /**
   * entries.ndjson as the extraction stages it for a type with a build step: {@code count} entries
   * of seq 1.., every third denied.
   */
  public static ExtractionResult stage(StagingArea staging, ExportRequest request, int count)
      throws IOException {
    Path file = staging.entriesFileFor(request);
    Files.createDirectories(file.getParent());
    StringBuilder ndjson = new StringBuilder();
    String prev = "sha256:" + "0".repeat(64);
    for (int seq = 1; seq <= count; seq++) {
      String hash = "sha256:" + String.format("%064x", seq);
      Instant at = Instant.parse("2026-10-01T08:00:00Z").plusSeconds(3600L * seq);
      LedgerEntry entry =
          new LedgerEntry(
              seq,
              at,
              at,
              "alice",
              "user.login",
              "app/console",
              seq % 3 == 0 ? Outcome.DENIED : Outcome.SUCCESS,
              Map.of(),
              prev,
              hash);
      ndjson.append(Json.mapper().writeValueAsString(entry)).append('\n');
      prev = hash;
    }
    Files.writeString(file, ndjson);
    return new ExtractionResult(
        file.toString(), count, Files.size(file), count, null, new ChainHead(count, prev));
  }
}
