package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.shared.ledger.LedgerStore;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

/**
 * `make bench` on PostgreSQL with 5,000,000 entries ({@code -Dbench.entries=N}): appending them
 * (10,000-entry batches, 8 appenders at once) beside {@code COPY FROM} of the same rows into a twin
 * table; then ledger/ndjson and ledger/csv exports, each beside PostgreSQL's own {@code COPY
 * (SELECT …same rows and columns…) TO STDOUT}, measured right before and right after it (the
 * machine is shared, so only figures taken side by side are compared), with the worker in its own
 * process under {@code -Xmx128m} and its heap read from its GC log. Asserts only that the exports
 * completed with every entry; the figures are for reading.
 */
@Tag("bench")
class PostgresExportBenchmark {

  static final Instant FROM = Instant.parse("2022-01-01T00:00:00Z");
  static final Instant TO = Instant.parse("2022-12-31T00:00:00Z");
  static final int ENTRIES = Integer.getInteger("bench.entries", 5_000_000);
  static final int APPENDERS = 8;
  static final int BATCH = 10_000;
  static final String HEAP = "128m";
  static final String SCHEMA = "bench_" + UUID.randomUUID().toString().substring(0, 8);
  @RegisterExtension static final Stack stack = Stack.perClassOnPostgres(SCHEMA, Map.of());

  static final Http http = stack.http("dev-demo-writer");

  @BeforeAll
  static void start() throws Exception {
    double append =
        LedgerFixtures.appendConcurrently(
            stack.apiBean(LedgerStore.class), "demo", FROM, TO, ENTRIES, APPENDERS, BATCH);
    try (Connection c = connection();
        var st = c.createStatement()) {
      st.execute("VACUUM ANALYZE " + SCHEMA + ".ledger_entries");
    }
    double copyFrom = copyFromSeconds();
    new BenchFigure(
            "ledger_append",
            String.format(
                Locale.ROOT,
                "%,.0f entries/s appended; COPY FROM %,.0f rows/s",
                ENTRIES / append,
                ENTRIES / copyFrom),
            copyFrom / append,
            true,
            String.format(
                Locale.ROOT,
                "%,d entries through LedgerStore.append, %d appenders x %,d-entry batches, one"
                    + " tenant: %.1f s; COPY FROM STDIN of the same rows into a table with the"
                    + " same indexes: %.1f s",
                ENTRIES,
                APPENDERS,
                BATCH,
                append,
                copyFrom))
        .save();
  }

  @Test
  void exportsBesideCopyAndWorkerHeap() throws Exception {
    Path gcLog = stack.dataDir.resolve("worker-gc.log");
    copySeconds(false); // warms the cache for both
    boolean completed = false;
    try (WorkerProcess worker =
        WorkerProcess.start(
            stack.workerEnvironment(),
            stack.dataDir.resolve("worker.log"),
            WorkerProcess.benchOptions(HEAP, gcLog))) {
      // a first, small export: the worker is up and its code warm, as a running worker's is
      export("ndjson", FROM, FROM.plus(Duration.between(FROM, TO).dividedBy(20)), worker, -1);
      cpu = new CpuAccount(worker.pid());
      double copyBefore = copySeconds(false);
      Export ndjson = export("ndjson", FROM, TO, worker, ENTRIES);
      double copyBetween = copySeconds(false);
      Export csv = export("csv", FROM, TO, worker, ENTRIES);
      double copyAfter = copySeconds(false);
      double binary = copySeconds(true);
      completed = true;
      figure("export_ndjson", ndjson, (copyBefore + copyBetween) / 2, binary);
      figure("export_csv", csv, (copyBetween + copyAfter) / 2, binary);
    } finally {
      GcLog gc = GcLog.read(gcLog);
      new BenchFigure(
              "worker_heap",
              String.format(
                  Locale.ROOT,
                  "%s: peak %.0f MiB in use, %.0f MiB live",
                  completed ? "completed" : "FAILED",
                  gc.peakInUseMiB(),
                  gc.peakLiveMiB()),
              gc.peakInUseMiB() / 128.0,
              completed,
              String.format(
                  Locale.ROOT,
                  "worker -Xmx%s, both exports; from its GC log: %d collections, most heap in use"
                      + " (before a collection) %.1f MiB, most live (after one) %.1f MiB",
                  HEAP,
                  gc.collections(),
                  gc.peakInUseMiB(),
                  gc.peakLiveMiB()))
          .save();
    }
  }

  /** CPU of the processes, once the worker is up; and of the last text COPY so far. */
  static CpuAccount cpu;

  static String copyCpu = "";

  record Export(String format, double extraction, double endToEnd, long bytes, String cpu) {}

  /** Runs one export to completion; {@code entries} is checked unless negative. */
  static Export export(
      String format, Instant from, Instant to, WorkerProcess worker, long entries) {
    long t0 = System.nanoTime();
    CpuAccount.Snapshot before = cpu == null ? null : cpu.snapshot();
    String id = http.submitLedgerExport(format, from, to);
    http.awaitStatus(
        id,
        "completed",
        Duration.ofMinutes(30),
        Duration.ofSeconds(1),
        () -> {
          worker.requireAlive();
          return null;
        });
    double endToEnd = (System.nanoTime() - t0) / 1e9;
    String used = before == null ? "" : CpuAccount.between(before, cpu.snapshot());
    JsonNode job = http.get("/exports/" + id).json();
    if (entries >= 0) {
      assertThat(job.get("artifact").get("entryCount").asLong()).isEqualTo(entries);
    }
    return new Export(
        format,
        ExportBenchmark.extractionSeconds(stack, id),
        endToEnd,
        job.get("artifact").get("sizeBytes").asLong(),
        used);
  }

  static void figure(String id, Export export, double copy, double binaryCopy) {
    new BenchFigure(
            id,
            String.format(
                Locale.ROOT,
                "export %,.0f entries/s; COPY %,.0f rows/s",
                ENTRIES / export.extraction(),
                ENTRIES / copy),
            copy / export.extraction(),
            true,
            String.format(
                Locale.ROOT,
                "%,d entries, %,d bytes of %s: ExtractLedgerEntries %.2f s (POST to completed %.1f"
                    + " s); COPY (SELECT same rows and columns ORDER BY seq) TO STDOUT, mean of the"
                    + " runs before and after: %.2f s; the same COPY in binary format: %.2f s; CPU"
                    + " from POST to completed: %s; of the last text COPY: %s",
                ENTRIES,
                export.bytes(),
                export.format(),
                export.extraction(),
                export.endToEnd(),
                copy,
                binaryCopy,
                export.cpu(),
                copyCpu))
        .save();
  }

  static Connection connection() throws Exception {
    return DriverManager.getConnection(stack.dbUrl, stack.dbUser, stack.dbPassword);
  }

  /** PostgreSQL's own fastest way to hand out the same rows and columns, in the same order. */
  static double copySeconds(boolean binary) throws Exception {
    try (Connection c = connection()) {
      // its backend is counted only while it runs: the snapshots come before the connection closes
      CpuAccount.Snapshot before = cpu == null ? null : cpu.snapshot();
      String sql =
          "COPY (SELECT seq, occurred_at, recorded_at, actor, action, resource, outcome,"
              + " attributes, prev_hash, hash FROM "
              + SCHEMA
              + ".ledger_entries WHERE tenant = 'demo' AND occurred_at >= '"
              + FROM
              + "' AND occurred_at < '"
              + TO
              + "' ORDER BY seq) TO STDOUT"
              + (binary ? " (FORMAT binary)" : "");
      long t0 = System.nanoTime();
      long rows =
          c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, OutputStream.nullOutputStream());
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertThat(rows).isEqualTo(ENTRIES);
      if (before != null && !binary) {
        copyCpu = CpuAccount.between(before, cpu.snapshot());
      }
      return seconds;
    }
  }

  /**
   * {@code COPY FROM STDIN} of the ledger's rows (all columns, from a file written by {@code COPY
   * TO}) into a new table with the same columns and indexes: the database's own bulk load.
   */
  static double copyFromSeconds() throws Exception {
    Path rows = stack.dataDir.resolve("ledger.copy");
    try (Connection c = connection();
        var st = c.createStatement()) {
      PGConnection pg = c.unwrap(PGConnection.class);
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(rows), 1 << 16)) {
        pg.getCopyAPI().copyOut("COPY " + SCHEMA + ".ledger_entries TO STDOUT", out);
      }
      st.execute(
          "CREATE TABLE "
              + SCHEMA
              + ".ledger_twin (LIKE "
              + SCHEMA
              + ".ledger_entries INCLUDING ALL)");
      long t0 = System.nanoTime();
      long loaded;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(rows), 1 << 16)) {
        loaded = pg.getCopyAPI().copyIn("COPY " + SCHEMA + ".ledger_twin FROM STDIN", in);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertThat(loaded).isEqualTo(ENTRIES);
      st.execute("DROP TABLE " + SCHEMA + ".ledger_twin");
      return seconds;
    } finally {
      Files.deleteIfExists(rows);
    }
  }
}
