package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.shared.ledger.LedgerStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * `make bench`, issue 3: on PostgreSQL with 5,000,000 entries, the throughput of a ledger/ndjson
 * export beside PostgreSQL's own {@code COPY (SELECT … same rows …) TO STDOUT}, their ratio, and
 * the peak heap of the worker, which runs as its own process with {@code -Xmx256m}. Prints figures;
 * asserts only that the export completed with every entry.
 */
@Tag("bench")
class PostgresExportBenchmark {

  static final Instant FROM = Instant.parse("2022-01-01T00:00:00Z");
  static final Instant TO = Instant.parse("2022-12-31T00:00:00Z");
  static final int ENTRIES = Integer.getInteger("bench.entries", 5_000_000);
  static final String SCHEMA = "bench_" + UUID.randomUUID().toString().substring(0, 8);
  static Stack stack;
  static Http http;

  @BeforeAll
  static void start() throws Exception {
    stack = Stack.onPostgres(SCHEMA, Map.of());
    http = new Http(stack.baseUrl(), "dev-demo-writer");
    long t0 = System.nanoTime();
    LedgerFixtures.appendSpread(stack.apiBean(LedgerStore.class), "demo", FROM, TO, ENTRIES);
    System.out.printf(
        "BENCH setup: appended %,d entries to PostgreSQL through LedgerStore in %.1f s%n",
        ENTRIES, (System.nanoTime() - t0) / 1e9);
    try (Connection c = connection();
        var st = c.createStatement()) {
      st.execute("VACUUM ANALYZE " + SCHEMA + ".ledger_entries");
    }
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
      RealServers.postgres().dropSchema(SCHEMA);
    }
  }

  @Test
  void exportThroughputBesideCopyAndWorkerHeap() throws Exception {
    double copyWarm = copySeconds(); // warms the cache for both
    WorkerProcess worker =
        WorkerProcess.start(stack.workerEnvironment(), stack.dataDir.resolve("worker.log"));
    HeapSampler heap = new HeapSampler(worker.pid());
    try {
      heap.start();
      long t0 = System.nanoTime();
      String id =
          http.post(
                  "/exports",
                  Map.of(
                      "type",
                      "ledger",
                      "format",
                      "ndjson",
                      "range",
                      Map.of("from", FROM.toString(), "to", TO.toString())))
              .json()
              .get("id")
              .asText();
      http.awaitStatus(id, "completed", Duration.ofMinutes(30), Duration.ofSeconds(1));
      double endToEnd = (System.nanoTime() - t0) / 1e9;
      JsonNode job = http.get("/exports/" + id).json();
      assertThat(job.get("artifact").get("entryCount").asLong()).isEqualTo(ENTRIES);
      double extraction = ExportBenchmark.extractionSeconds(stack, id);
      double copy = copySeconds();
      double copyToFile = copyToFileSeconds();
      double exportRate = ENTRIES / extraction;
      double copyRate = ENTRIES / copy;
      System.out.printf(
          "BENCH PostgreSQL, %,d entries, ledger/ndjson (%,d bytes):%n"
              + "BENCH   export (ExtractLedgerEntries activity): %.2f s = %,.0f entries/s;"
              + " POST to completed %.2f s%n"
              + "BENCH   COPY (SELECT same rows ORDER BY seq) TO STDOUT: %.2f s = %,.0f entries/s"
              + " (first, cold: %.2f s)%n"
              + "BENCH   COPY of the same rows into a file, fsync'd like the export: %.2f s ="
              + " %,.0f entries/s%n"
              + "BENCH   ratio export/COPY: %.2f (export/COPY-into-a-file: %.2f)%n"
              + "BENCH   worker -Xmx256m, peak heap used %.1f MiB (jstat, %d samples)%n",
          ENTRIES,
          job.get("artifact").get("sizeBytes").asLong(),
          extraction,
          exportRate,
          endToEnd,
          copy,
          copyRate,
          copyWarm,
          copyToFile,
          ENTRIES / copyToFile,
          exportRate / copyRate,
          exportRate / (ENTRIES / copyToFile),
          heap.peakBytes() / 1048576.0,
          heap.samples());
    } finally {
      heap.stop();
      worker.close();
    }
  }

  static Connection connection() throws Exception {
    return DriverManager.getConnection(stack.dbUrl, stack.dbUser, stack.dbPassword);
  }

  /** PostgreSQL's own fastest way to hand out the same rows, in the same order. */
  static double copySeconds() throws Exception {
    return copy(OutputStream.nullOutputStream());
  }

  /** The same COPY, its output written to a file and forced to disk, as the export's is. */
  static double copyToFileSeconds() throws Exception {
    java.nio.file.Path file = stack.dataDir.resolve("copy.out");
    long t0 = System.nanoTime();
    try (var channel =
            java.nio.channels.FileChannel.open(
                file,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        OutputStream out =
            new java.io.BufferedOutputStream(
                java.nio.channels.Channels.newOutputStream(channel), 1 << 16)) {
      copy(out);
      out.flush();
      channel.force(true);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    java.nio.file.Files.delete(file);
    return seconds;
  }

  static double copy(OutputStream sink) throws Exception {
    try (Connection c = connection()) {
      String sql =
          "COPY (SELECT seq, occurred_at, recorded_at, actor, action, resource, outcome,"
              + " attributes, prev_hash, hash FROM "
              + SCHEMA
              + ".ledger_entries WHERE tenant = 'demo' AND occurred_at >= '"
              + FROM
              + "' AND occurred_at < '"
              + TO
              + "' ORDER BY seq) TO STDOUT";
      long t0 = System.nanoTime();
      long rows = c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, sink);
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertThat(rows).isEqualTo(ENTRIES);
      return seconds;
    }
  }

  /** Polls {@code jstat -gc} of the worker process and keeps the largest heap in use. */
  static final class HeapSampler {
    private final long pid;
    private Process jstat;
    private Thread reader;
    private volatile long peak;
    private volatile int samples;

    HeapSampler(long pid) {
      this.pid = pid;
    }

    void start() throws Exception {
      String jstatBin =
          java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jstat").toString();
      jstat = new ProcessBuilder(jstatBin, "-gc", Long.toString(pid), "200").start();
      reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
                  String header = r.readLine();
                  if (header == null) {
                    return;
                  }
                  String[] cols = header.trim().split("\\s+");
                  String line;
                  while ((line = r.readLine()) != null) {
                    String[] v = line.trim().split("\\s+");
                    if (v.length != cols.length || v[0].equals(cols[0])) {
                      continue;
                    }
                    double kb = 0;
                    for (int i = 0; i < cols.length; i++) {
                      if (cols[i].equals("S0U")
                          || cols[i].equals("S1U")
                          || cols[i].equals("EU")
                          || cols[i].equals("OU")) {
                        kb += Double.parseDouble(v[i]);
                      }
                    }
                    peak = Math.max(peak, (long) (kb * 1024));
                    samples++;
                  }
                } catch (Exception e) {
                  // the worker ended: sampling ends with it
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    void stop() {
      if (jstat != null) {
        jstat.destroy();
      }
    }

    long peakBytes() {
      return peak;
    }

    int samples() {
      return samples;
    }
  }
}
