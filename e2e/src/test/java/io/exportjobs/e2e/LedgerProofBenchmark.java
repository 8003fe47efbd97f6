package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.ledger.LedgerTree;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code make bench}, issue 14: proofs of a 1,000,000-entry ledger on PostgreSQL, served by the api
 * over HTTP (loopback, API key, JSON), as a client measures them: inclusion proofs of random
 * entries at the head, consistency proofs between random sizes, and the signed checkpoint; beside
 * the same inclusion proofs built in-process (the tile reads alone). Prints figures, asserts only
 * that the proofs have the size RFC 9162 gives. {@code -Dbench.proofEntries=N} changes the count.
 */
@Tag("bench")
class LedgerProofBenchmark {

  static final int ENTRIES = Integer.getInteger("bench.proofEntries", 1_000_000);
  static final String SCHEMA = "proofbench_" + UUID.randomUUID().toString().substring(0, 8);
  @RegisterExtension static final Stack stack = Stack.perClassOnPostgres(SCHEMA, Map.of());

  static final Http http = stack.http("dev-demo-reader");

  @BeforeAll
  static void start() throws Exception {
    long t0 = System.nanoTime();
    LedgerFixtures.appendSpread(
        stack.apiBean(LedgerStore.class),
        "demo",
        Instant.parse("2025-01-01T00:00:00Z"),
        Instant.parse("2026-01-01T00:00:00Z"),
        ENTRIES);
    System.out.printf(
        "BENCH proof setup: appended %,d entries (with their tree) to PostgreSQL in %.1f s%n",
        ENTRIES, (System.nanoTime() - t0) / 1e9);
  }

  @Test
  void proofsOfAMillionEntryLedger() {
    Random random = new Random(14);
    long size = ENTRIES;
    int[] bytes = new int[1];
    int[] hashes = new int[1];
    LongSupplier inclusion =
        () -> {
          long seq = 1 + (long) (random.nextDouble() * size);
          long t0 = System.nanoTime();
          Http.Response r = http.get("/ledger/proofs/inclusion?seq=" + seq + "&treeSize=" + size);
          long elapsed = System.nanoTime() - t0;
          assertThat(r.status()).isEqualTo(200);
          bytes[0] = r.body().length;
          hashes[0] = r.json().get("hashes").size();
          return elapsed;
        };
    repeat(200, inclusion); // warm-up
    long[] inclusionNanos = repeat(2_000, inclusion);
    int inclusionBytes = bytes[0];
    int inclusionHashes = hashes[0];
    assertThat(inclusionHashes).isBetween(19, 20); // ceil(log2(1,000,000)) = 20, or one fewer

    long[] consistencyNanos =
        repeat(
            500,
            () -> {
              long from = 1 + (long) (random.nextDouble() * (size - 1));
              long t0 = System.nanoTime();
              Http.Response r =
                  http.get("/ledger/proofs/consistency?fromSize=" + from + "&toSize=" + size);
              long elapsed = System.nanoTime() - t0;
              assertThat(r.status()).isEqualTo(200);
              bytes[0] = r.body().length;
              hashes[0] = r.json().get("hashes").size();
              return elapsed;
            });
    long[] checkpointNanos =
        repeat(
            300,
            () -> {
              long t0 = System.nanoTime();
              Http.Response r = http.get("/ledger/checkpoint");
              long elapsed = System.nanoTime() - t0;
              assertThat(r.status()).isEqualTo(200);
              return elapsed;
            });
    LedgerTree tree = stack.apiBean(LedgerStore.class).tree();
    long[] inProcess =
        repeat(
            2_000,
            () -> {
              long seq = 1 + (long) (random.nextDouble() * size);
              long t0 = System.nanoTime();
              tree.inclusionProof("demo", seq, size);
              return System.nanoTime() - t0;
            });
    JsonNode sample = http.get("/ledger/proofs/inclusion?seq=1&treeSize=" + size).json();
    System.out.printf(
        "BENCH proofs of a %,d-entry ledger on PostgreSQL, served over HTTP (loopback):%n"
            + "BENCH   inclusion proof: %d hashes, %,d bytes of JSON; %s%n"
            + "BENCH   inclusion proof in-process (tile reads + hashing only): %s%n"
            + "BENCH   consistency proof (random fromSize to the head; the last had %d hashes): %s%n"
            + "BENCH   signed checkpoint at the head: %s%n"
            + "BENCH   sample: %s%n",
        size,
        inclusionHashes,
        inclusionBytes,
        stats(inclusionNanos),
        stats(inProcess),
        hashes[0],
        stats(consistencyNanos),
        stats(checkpointNanos),
        sample.toString().substring(0, Math.min(160, sample.toString().length())) + "…");
  }

  private static long[] repeat(int n, LongSupplier timed) {
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      nanos[i] = timed.getAsLong();
    }
    return nanos;
  }

  private static String stats(long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    return String.format(
        "median %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms (%d requests)",
        s[s.length / 2] / 1e6,
        s[(int) (s.length * 0.95)] / 1e6,
        s[(int) (s.length * 0.99)] / 1e6,
        s[s.length - 1] / 1e6,
        s.length);
  }
}
