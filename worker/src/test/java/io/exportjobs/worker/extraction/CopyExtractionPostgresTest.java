package io.exportjobs.worker.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exportjobs.pack.json.Digests;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import io.exportjobs.shared.workflow.ExtractionActivities;
import io.exportjobs.shared.workflow.ExtractionResult;
import io.exportjobs.worker.extraction.ExtractionSettings.Reader;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.util.unit.DataSize;

/**
 * The COPY path against a real PostgreSQL: the same ledger (every attribute shape, appended with
 * one fixed clock, so H2 and PostgreSQL hold identical chains) exported by the COPY reader, by the
 * JDBC reader on PostgreSQL and by the JDBC reader on H2 gives byte-identical files, for every
 * ledger format and for an evidence pack's staged entries.ndjson; a COPY extraction resumed from a
 * heartbeated checkpoint after a crash gives the bytes of an uninterrupted one; a cancelled COPY
 * stops on the server and leaves the pool usable, and a cancel ends either reader's wait for rows.
 */
class CopyExtractionPostgresTest {

  static final String TENANT = "demo";
  static final Clock LEDGER_CLOCK =
      Clock.fixed(Instant.parse("2026-11-02T08:00:00.123Z"), ZoneOffset.UTC);
  static final int COPIES = 80; // of the shapes: ~2,900 entries, several checkpoints

  static LedgerDatabase postgres;
  static LedgerDatabase h2;
  static final AtomicInteger jobs = new AtomicInteger();

  @TempDir Path dataDir;

  @BeforeAll
  static void appendTheSameLedgerToBoth() {
    postgres = LedgerDatabase.postgres(LEDGER_CLOCK);
    h2 = LedgerDatabase.h2(LEDGER_CLOCK);
    List<NewLedgerEntry> shapes = LedgerShapes.entries();
    for (int i = 0; i < COPIES; i++) {
      postgres.ledger.append(TENANT, shapes);
      h2.ledger.append(TENANT, shapes);
    }
    assertThat(postgres.ledger.head(TENANT)).isEqualTo(h2.ledger.head(TENANT));
  }

  @AfterAll
  static void drop() {
    if (postgres != null) {
      postgres.close();
    }
    if (h2 != null) {
      h2.close();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportFormat.class,
      names = {"NDJSON", "CSV", "JSON"})
  void copyJdbcAndH2GiveTheSameBytes(ExportFormat format) throws Exception {
    byte[] jdbcOnH2 = export(h2, Reader.JDBC, ExportType.LEDGER, format);
    byte[] jdbc = export(postgres, Reader.JDBC, ExportType.LEDGER, format);
    byte[] copy = export(postgres, Reader.COPY, ExportType.LEDGER, format);

    assertThat(jdbcOnH2.length).isGreaterThan(5_000_000);
    assertSameBytes(jdbc, jdbcOnH2);
    assertSameBytes(copy, jdbc);
  }

  /**
   * Staging files written with {@code O_DIRECT} (the default) and through the page cache hold the
   * same bytes, by either reader, also with a buffer of a few blocks that checkpoints flush in the
   * middle of; the digest each extraction reports is its file's.
   */
  @ParameterizedTest
  @EnumSource(
      value = ExportFormat.class,
      names = {"NDJSON", "CSV", "JSON"})
  void directAndPageCacheWritesGiveTheSameBytes(ExportFormat format) throws Exception {
    assertDirectWritesWork();
    byte[] expected =
        export(
            h2,
            new ExtractionSettings(Reader.JDBC, DataSize.ofKilobytes(256), false),
            ExportType.LEDGER,
            format);

    for (ExtractionSettings settings :
        List.of(
            new ExtractionSettings(Reader.COPY, DataSize.ofKilobytes(256), true),
            new ExtractionSettings(Reader.COPY, DataSize.ofKilobytes(8), true),
            new ExtractionSettings(Reader.JDBC, DataSize.ofKilobytes(256), true),
            new ExtractionSettings(Reader.COPY, DataSize.ofKilobytes(256), false))) {
      Run run = new Run(postgres, settings);
      ExtractionResult result = run.activities.extract(run.request(ExportType.LEDGER, format));
      assertThat(run.heartbeats)
          .as("a checkpoint flushed along the way")
          .anyMatch(c -> c.entries() > 0 && c.entries() < result.entryCount());
      assertSameBytes(Files.readAllBytes(run.file), expected);
      assertThat(result.sha256()).isEqualTo(Digests.sha256Hex(expected));
    }
    Run onH2 = new Run(h2, new ExtractionSettings(Reader.JDBC, DataSize.ofKilobytes(256), true));
    onH2.activities.extract(onH2.request(ExportType.LEDGER, format));
    assertSameBytes(Files.readAllBytes(onH2.file), expected);
  }

  @Test
  void anEvidencePacksStagedEntriesAreTheSameBytes() throws Exception {
    byte[] jdbcOnH2 = export(h2, Reader.JDBC, ExportType.EVIDENCE_PACK, ExportFormat.TAR_GZ);
    byte[] copy = export(postgres, Reader.COPY, ExportType.EVIDENCE_PACK, ExportFormat.TAR_GZ);

    assertThat(new String(copy, 0, 9, StandardCharsets.UTF_8)).isEqualTo("{\"seq\":1,");
    assertSameBytes(copy, jdbcOnH2);
  }

  @Test
  void aSmallBufferAndRowsLargerThanItGiveTheSameBytes() throws Exception {
    ExtractionSettings tiny = new ExtractionSettings(Reader.COPY, DataSize.ofKilobytes(1), false);
    byte[] expected = export(h2, Reader.JDBC, ExportType.LEDGER, ExportFormat.CSV);

    Run run = new Run(postgres, tiny);
    run.activities.extract(run.request(ExportType.LEDGER, ExportFormat.CSV));

    assertSameBytes(Files.readAllBytes(run.file), expected);
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportFormat.class,
      names = {"NDJSON", "CSV", "JSON"})
  void aResumedCopyExtractionGivesTheBytesOfAnUninterruptedOne(ExportFormat format)
      throws Exception {
    assertDirectWritesWork();
    assertResumedGivesTheUninterruptedBytes(ExtractionSettings.defaults(Reader.COPY), format);
  }

  /**
   * The same through the page cache (the resumed attempt's digest reads the earlier part back);
   * with {@code O_DIRECT} (the default, above) the checkpoint's offset lies inside a block.
   */
  @Test
  void aResumedPageCacheWriteGivesTheBytesOfAnUninterruptedOne() throws Exception {
    assertResumedGivesTheUninterruptedBytes(
        new ExtractionSettings(Reader.COPY, DataSize.ofKilobytes(256), false), ExportFormat.NDJSON);
  }

  private void assertResumedGivesTheUninterruptedBytes(
      ExtractionSettings settings, ExportFormat format) throws Exception {
    Run full = new Run(postgres, settings);
    ExtractionResult whole = full.activities.extract(full.request(ExportType.LEDGER, format));
    byte[] fullBytes = Files.readAllBytes(full.file);
    ExtractionCheckpoint checkpoint =
        full.heartbeats.stream()
            .filter(c -> c.entries() > 0 && c.entries() < whole.entryCount())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no mid-run checkpoint was heartbeated"));
    assertThat(checkpoint.entries() % 1024).isZero();

    Run crashed = new Run(postgres, settings);
    ExportRequest request = crashed.request(ExportType.LEDGER, format);
    Files.createDirectories(crashed.file.getParent());
    byte[] torn = "{\"seq\":99999,\"actor\":\"half a row".getBytes(StandardCharsets.UTF_8);
    byte[] prefix = Arrays.copyOf(fullBytes, (int) checkpoint.bytes());
    Files.write(crashed.file, concat(prefix, torn));
    crashed.env.setHeartbeatDetails(checkpoint);

    ExtractionResult resumed = crashed.activities.extract(request);

    assertSameBytes(Files.readAllBytes(crashed.file), fullBytes);
    assertThat(resumed.sha256())
        .as("the digest of the whole file, also of the part an earlier attempt wrote")
        .isEqualTo(whole.sha256())
        .isEqualTo(Digests.sha256Hex(fullBytes));
    assertThat(resumed.entryCount()).isEqualTo(whole.entryCount());
    assertThat(resumed.bytesWritten()).isEqualTo(whole.bytesWritten());
    assertThat(resumed.lastSeq()).isEqualTo(whole.lastSeq());
  }

  @Test
  void aCancelledCopyStopsOnTheServerAndThePoolStaysUsable() throws Exception {
    byte[] expected = export(h2, Reader.JDBC, ExportType.LEDGER, ExportFormat.NDJSON);
    Run cancelled = new Run(postgres, ExtractionSettings.defaults(Reader.COPY));
    cancelled.onHeartbeat(c -> cancelled.env.requestCancelActivity());

    assertThatThrownBy(
            () ->
                cancelled.activities.extract(
                    cancelled.request(ExportType.LEDGER, ExportFormat.NDJSON)))
        .isInstanceOf(CanceledFailure.class);

    assertThat(
            new JdbcTemplate(postgres.pool)
                .queryForObject(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active'"
                        + " AND query LIKE 'COPY (SELECT seq%'",
                    Long.class))
        .as("the cancelled COPY is not running on the server any more")
        .isZero();
    for (int i = 0; i < 3; i++) {
      // more extractions than the pool has connections: none is lost to the cancelled one
      assertSameBytes(
          export(postgres, Reader.COPY, ExportType.LEDGER, ExportFormat.NDJSON), expected);
    }
  }

  /**
   * Either reader, waiting on the server for its first row, heartbeats and ends on a cancel. The
   * COPY path's watch cancels the COPY; the JDBC path's writer cancels the reader's statement.
   * Without either, the test times out: the read waits for the lock.
   */
  @ParameterizedTest
  @EnumSource(
      value = Reader.class,
      names = {"COPY", "JDBC"})
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aReadWaitingOnTheServerKeepsHeartbeatingAndStopsWhenCancelled(Reader reader)
      throws Exception {
    byte[] expected = export(h2, Reader.JDBC, ExportType.LEDGER, ExportFormat.NDJSON);
    DataSource otherSession = postgres.newPool();
    try (Connection locker = otherSession.getConnection()) {
      locker.setAutoCommit(false);
      // once the extraction has chosen its rows, another session locks the table, so the
      // reader's SELECT waits and no row comes, as behind a long sort
      AtomicBoolean armed = new AtomicBoolean();
      DataSource lockedWhenReading =
          new DelegatingDataSource(postgres.pool) {
            @Override
            public Connection getConnection() throws SQLException {
              if (armed.getAndSet(false)) {
                try (Statement lock = locker.createStatement()) {
                  lock.execute("LOCK TABLE ledger_entries IN ACCESS EXCLUSIVE MODE");
                }
              }
              return super.getConnection();
            }
          };
      Run waiting =
          new Run(
              postgres,
              ExtractionSettings.defaults(reader),
              lockedWhenReading,
              Duration.ofSeconds(5));
      armed.set(true);
      waiting.onHeartbeat(
          c -> {
            if (waiting.heartbeats.size() == 2) {
              waiting.env.requestCancelActivity();
            }
          });
      ExportRequest request = waiting.request(ExportType.LEDGER, ExportFormat.NDJSON);

      assertThatThrownBy(() -> waiting.activities.extract(request))
          .isInstanceOf(CanceledFailure.class);
      assertThat(waiting.heartbeats)
          .as("heartbeats while no row had come, each naming nothing written")
          .hasSizeGreaterThanOrEqualTo(2)
          .allSatisfy(c -> assertThat(c.entries()).isZero());
      locker.rollback();
    } finally {
      ((AutoCloseable) otherSession).close();
    }
    assertThat(
            new JdbcTemplate(postgres.pool)
                .queryForObject(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE query LIKE ? AND state <> 'idle'",
                    Long.class,
                    reader == Reader.COPY ? "COPY (SELECT seq%" : "SELECT seq%"))
        .as("the cancelled read is not waiting on the server any more")
        .isZero();
    assertSameBytes(export(postgres, reader, ExportType.LEDGER, ExportFormat.NDJSON), expected);
  }

  // --- helpers ---------------------------------------------------------------------------------

  /**
   * The direct tests test {@code O_DIRECT}, not the page cache that the extraction falls back to
   * where the file system has no {@code O_DIRECT}: such a file system fails them here.
   */
  private void assertDirectWritesWork() throws Exception {
    Path probe = dataDir.resolve("o_direct-probe");
    DirectStagingFile.open(probe, 0, 4096, false).close();
    Files.delete(probe);
  }

  private byte[] export(LedgerDatabase db, Reader reader, ExportType type, ExportFormat format)
      throws Exception {
    return export(db, ExtractionSettings.defaults(reader), type, format);
  }

  private byte[] export(
      LedgerDatabase db, ExtractionSettings settings, ExportType type, ExportFormat format)
      throws Exception {
    Run run = new Run(db, settings);
    run.activities.extract(run.request(type, format));
    return Files.readAllBytes(run.file);
  }

  /** One activity environment with the extraction on one database, read one way. */
  private final class Run {
    final LedgerDatabase db;
    final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
    final ExtractionActivities activities;
    final StagingArea staging;
    final List<ExtractionCheckpoint> heartbeats = new CopyOnWriteArrayList<>();
    private final List<Consumer<ExtractionCheckpoint>> listeners = new ArrayList<>();
    Path file;

    Run(LedgerDatabase db, ExtractionSettings settings) {
      this(db, settings, db.pool, null);
    }

    /**
     * With {@code readFrom} as the connections that either path reads the ledger from, and a
     * heartbeat timeout (which also sets how often heartbeats reach the test server) unless null.
     */
    Run(
        LedgerDatabase db,
        ExtractionSettings settings,
        DataSource readFrom,
        Duration heartbeatTimeout) {
      this.db = db;
      this.staging = new StagingArea(dataDir.toString());
      env.registerActivitiesImplementations(
          new ExtractionActivitiesImpl(
              readFrom == db.pool ? db.ledger : db.ledgerOver(readFrom),
              db.jobIndex,
              db.jobQueries,
              staging,
              new TickingClock(),
              ProgressSignals.off(),
              readFrom,
              settings,
              ""));
      env.setActivityHeartbeatListener(
          ExtractionCheckpoint.class,
          c -> {
            heartbeats.add(c);
            listeners.forEach(l -> l.accept(c));
          });
      activities =
          env.newActivityStub(
              ExtractionActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(5))
                  .setHeartbeatTimeout(heartbeatTimeout)
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build());
    }

    void onHeartbeat(Consumer<ExtractionCheckpoint> listener) {
      listeners.add(listener);
    }

    /** A running job of the whole ledger, as extraction finds it; notes its staging file. */
    ExportRequest request(ExportType type, ExportFormat format) {
      ExportRequest request =
          RunningJobs.record(
              db.jobIndex,
              "exp-demo-copy-" + jobs.incrementAndGet(),
              type,
              format,
              new TimeRange(LedgerShapes.FROM, LedgerShapes.TO),
              ExportFilters.none(),
              Instant.parse("2026-11-03T00:00:00Z"));
      file = type.needsBuildStep() ? staging.entriesFileFor(request) : staging.fileFor(request);
      return request;
    }
  }

  private static void assertSameBytes(byte[] actual, byte[] expected) {
    int n = Math.min(actual.length, expected.length);
    for (int i = 0; i < n; i++) {
      if (actual[i] != expected[i]) {
        int from = Math.max(0, i - 60);
        throw new AssertionError(
            String.format(
                "files differ at byte %d:%n expected ...%s...%n but was  ...%s...",
                i,
                new String(
                    expected, from, Math.min(120, expected.length - from), StandardCharsets.UTF_8),
                new String(
                    actual, from, Math.min(120, actual.length - from), StandardCharsets.UTF_8)));
      }
    }
    assertThat(actual.length).as("file length").isEqualTo(expected.length);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
