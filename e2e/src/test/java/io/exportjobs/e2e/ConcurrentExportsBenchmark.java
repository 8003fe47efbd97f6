package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.LedgerHasher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `make bench`: 50 exports of 100,000 entries at once on one worker (its own process, {@code
 * -Xmx256m}, the default concurrency settings unless {@code -Dbench.workerEnv=K=V,…} overrides
 * them), beside one such export alone. Total time (first job created to last completed) ÷ (50 × the
 * median of three alone); every artifact must be byte-identical to the alone one, whose entries are
 * checked one by one against the chain; the worker's heap from its GC log. On PostgreSQL.
 */
@Tag("bench")
class ConcurrentExportsBenchmark {

  static final Instant FROM = Instant.parse("2021-01-01T00:00:00Z");
  static final Instant TO = Instant.parse("2021-02-01T00:00:00Z");
  static final int ENTRIES = Integer.getInteger("bench.concurrentEntries", 100_000);
  static final int JOBS = 50;
  static final String SCHEMA = "bench_many_" + UUID.randomUUID().toString().substring(0, 8);

  @RegisterExtension
  static final Stack stack =
      Stack.perClassOnPostgres(
              SCHEMA,
              Map.of(
                  "exportjobs.policy.defaults.max-active-jobs",
                  Integer.toString(JOBS),
                  "exportjobs.policy.defaults.max-jobs-per-hour",
                  "100000"))
          .withEntries("demo", FROM, TO, ENTRIES);

  static final Http http = stack.http("dev-demo-writer");
  static WorkerProcess current;

  @Test
  void fiftyExportsAtOnceBesideOneAlone() throws Exception {
    Map<String, String> env = new LinkedHashMap<>(stack.workerEnvironment());
    env.put("EXPORTJOBS_POLICY_DEFAULTS_MAXACTIVEJOBS", Integer.toString(JOBS));
    env.putAll(overrides());
    Path gcLog = stack.dataDir.resolve("worker-gc.log");
    boolean ok = false;
    String measured = "did not finish";
    double ratio = Double.NaN;
    String detail = "";
    try (WorkerProcess worker =
        WorkerProcess.start(
            env, stack.dataDir.resolve("worker.log"), WorkerProcess.benchOptions("256m", gcLog))) {
      current = worker;
      CpuAccount cpu = new CpuAccount(worker.pid());
      JsonNode first = awaitCompleted(post()); // warm-up, not counted; its bytes are checked
      String sha256 = first.get("artifact").get("sha256").asText();
      int checked = checkAgainstTheChain(first.get("id").asText());
      CpuAccount.Snapshot aloneStart = cpu.snapshot();
      List<Double> alone = new ArrayList<>();
      List<String> aloneIds = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        JsonNode job = awaitCompleted(post());
        aloneIds.add(job.get("id").asText());
        alone.add(seconds(job));
      }
      CpuAccount.Snapshot aloneEnd = cpu.snapshot();
      List<Double> sorted = new ArrayList<>(alone);
      Collections.sort(sorted);
      double one = sorted.get(1);
      String oneId = aloneIds.get(alone.indexOf(one));

      CpuAccount.Snapshot atOnceStart = cpu.snapshot();
      ExecutorService callers = Executors.newFixedThreadPool(8);
      List<Future<String>> posted = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        posted.add(callers.submit(ConcurrentExportsBenchmark::post));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> f : posted) {
        ids.add(f.get());
      }
      callers.shutdown();
      List<JsonNode> jobs = new ArrayList<>();
      for (String id : ids) {
        jobs.add(awaitCompleted(id));
      }
      CpuAccount.Snapshot atOnceEnd = cpu.snapshot();
      Instant created =
          jobs.stream().map(j -> instant(j, "createdAt")).min(Instant::compareTo).get();
      Instant done =
          jobs.stream().map(j -> instant(j, "completedAt")).max(Instant::compareTo).get();
      double total = Duration.between(created, done).toNanos() / 1e9;
      long identical =
          jobs.stream()
              .filter(j -> j.get("artifact").get("sha256").asText().equals(sha256))
              .filter(j -> j.get("artifact").get("entryCount").asLong() == ENTRIES)
              .count();
      ok = identical == JOBS && checked == ENTRIES;
      double extractions = 0;
      double publishes = 0;
      for (String id : ids) {
        extractions += ExportBenchmark.activitySeconds(stack, id, "ExtractLedgerEntries");
        publishes += ExportBenchmark.activitySeconds(stack, id, "PublishArtifact");
      }
      ratio = total / (JOBS * one);
      measured =
          String.format(
              Locale.ROOT,
              "50 at once %.1f s; one alone %.2f s; %d of 50 byte-identical",
              total,
              one,
              identical);
      detail =
          String.format(
              Locale.ROOT,
              "%,d entries each, ledger/ndjson; alone (first created to completed) %s s, median"
                  + " %.2f (ExtractLedgerEntries %.2f s, PublishArtifact %.2f s); at once, the"
                  + " activities' own times add up to %.1f s extracting and %.1f s publishing;"
                  + " the first export's %,d entries verified against the chain; worker"
                  + " settings: %s; CPU of the three alone: %s; of the 50 at once: %s",
              ENTRIES,
              alone,
              one,
              ExportBenchmark.activitySeconds(stack, oneId, "ExtractLedgerEntries"),
              ExportBenchmark.activitySeconds(stack, oneId, "PublishArtifact"),
              extractions,
              publishes,
              checked,
              overrides().isEmpty() ? "defaults" : overrides(),
              CpuAccount.between(aloneStart, aloneEnd),
              CpuAccount.between(atOnceStart, atOnceEnd));
    } finally {
      GcLog gc = GcLog.read(gcLog);
      new BenchFigure(
              "concurrent_exports",
              measured,
              ratio,
              ok,
              detail
                  + String.format(
                      Locale.ROOT,
                      "; worker -Xmx256m: peak heap %.0f MiB in use, %.0f MiB live (GC log, %d"
                          + " collections)",
                      gc.peakInUseMiB(),
                      gc.peakLiveMiB(),
                      gc.collections()))
          .save();
    }
    assertThat(ok).as("all 50 completed byte-identical to the checked one").isTrue();
  }

  /** {@code -Dbench.workerEnv=EXPORTJOBS_WORKER_ACTIVITY_SLOTS=8,…}: to try other settings. */
  static Map<String, String> overrides() {
    Map<String, String> env = new LinkedHashMap<>();
    String spec = System.getProperty("bench.workerEnv", "");
    for (String pair : spec.split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        env.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    return env;
  }

  static String post() {
    return http.submitLedgerExport("ndjson", FROM, TO);
  }

  static JsonNode awaitCompleted(String id) {
    return http.awaitStatus(
        id,
        "completed",
        Duration.ofMinutes(30),
        Duration.ofMillis(100),
        () -> {
          current.requireAlive();
          return null;
        });
  }

  static double seconds(JsonNode job) {
    return Duration.between(instant(job, "createdAt"), instant(job, "completedAt")).toNanos() / 1e9;
  }

  static Instant instant(JsonNode job, String field) {
    return Instant.parse(job.get(field).asText());
  }

  /** Every line of the artifact is the next entry of the chain; answers how many there are. */
  static int checkAgainstTheChain(String id) throws Exception {
    Http.Response r = http.get("/exports/" + id + "/artifact");
    assertThat(r.status()).isEqualTo(200);
    String prev = ChainHead.GENESIS_HASH;
    long seq = 0;
    int n = 0;
    for (String line : new String(r.body(), StandardCharsets.UTF_8).split("\n")) {
      LedgerEntry e = Json.mapper().readValue(line, LedgerEntry.class);
      assertThat(e.seq()).isEqualTo(++seq);
      assertThat(e.prevHash()).isEqualTo(prev);
      assertThat(LedgerHasher.recompute(e)).isEqualTo(e.hash());
      prev = e.hash();
      n++;
    }
    return n;
  }
}
