package io.exportjobs.worker.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.LedgerHasher;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportProgress;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.JobQueries;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.ledger.LedgerQuery;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import io.exportjobs.shared.ledger.ReadCancel;
import io.exportjobs.shared.ledger.RecordedEntry;
import io.exportjobs.shared.workflow.ExtractionActivities;
import io.exportjobs.shared.workflow.ExtractionResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The extraction activity against a real (in-memory H2) ledger and job index, a real staging
 * folder, and Temporal's activity test environment for heartbeats and resumption.
 */
class ExtractionActivitiesTest {

  static final String TENANT = "demo";
  static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-11-01T00:00:00Z");
  static final int BULK = 5_000;
  static final String AWKWARD_ACTOR = "o'brien, \"ops\"";
  static final List<String> ACTORS = List.of("alice", "bob", AWKWARD_ACTOR, "carol");
  static final List<String> ACTIONS = List.of("user.login", "record.read", "record.update");

  static JdbcConnectionPool pool;
  static LedgerStore ledger;
  static JobStore jobIndex;

  /** The whole ledger of {@link #TENANT}, in seq order, as the store reads it back. */
  static List<LedgerEntry> ledgerOfTenant;

  static final AtomicInteger jobSequence = new AtomicInteger();

  @TempDir Path dataDir;

  StagingArea staging;
  RecordingLedgerStore recordingLedger;
  TestActivityEnvironment env;
  ExtractionActivities activities;
  final List<ExtractionCheckpoint> heartbeats = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void createLedger() {
    pool =
        JdbcConnectionPool.create(
            "jdbc:h2:mem:worker-extraction-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
    Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
    ledger =
        new LedgerStore(JdbcClient.create(pool), new JdbcTemplate(pool), tx, Clock.systemUTC());
    jobIndex = new JobStore(JdbcClient.create(pool), tx, Clock.systemUTC());

    List<NewLedgerEntry> entries = new ArrayList<>();
    for (int i = 0; i < BULK; i++) {
      // inside the range, spread over ~24 days
      entries.add(entry(FROM.plus(Duration.ofMinutes(7L * i + 3)), i));
      switch (i) {
        case 10 -> entries.add(entry(FROM.minusMillis(1), i)); // just before: out
        case 20 -> entries.add(entry(FROM, i)); // on the lower bound: in
        case 30 -> entries.add(entry(TO.minusMillis(1), i)); // just before the upper bound: in
        case 40 -> entries.add(entry(TO, i)); // on the upper bound: out
        case 50 -> entries.add(entry(FROM.minus(Duration.ofDays(3)), i)); // out
        case 60 -> entries.add(entry(TO.plus(Duration.ofDays(3)), i)); // out
        default -> {}
      }
    }
    for (int start = 0; start < entries.size(); start += 1_000) {
      ledger.append(TENANT, entries.subList(start, Math.min(entries.size(), start + 1_000)));
    }
    // another tenant's entries in the same range never leak into an export
    ledger.append("acme", List.of(entry(FROM.plusSeconds(1), 1), entry(FROM.plusSeconds(2), 2)));

    ledgerOfTenant =
        ledger.page(new LedgerQuery(TENANT, null, null, ExportFilters.none(), 0), 100_000);
    assertThat(ledgerOfTenant).hasSize(BULK + 6);
  }

  @AfterAll
  static void dropLedger() {
    new JdbcTemplate(pool).execute("SHUTDOWN");
    pool.dispose();
  }

  @BeforeEach
  void startActivityEnvironment() {
    staging = new StagingArea(dataDir.toString());
    recordingLedger = new RecordingLedgerStore();
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        new ExtractionActivitiesImpl(
            recordingLedger,
            jobIndex,
            new JobQueries(JdbcClient.create(pool)),
            staging,
            new TickingClock()));
    env.setActivityHeartbeatListener(ExtractionCheckpoint.class, heartbeats::add);
    activities =
        env.newActivityStub(
            ExtractionActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void closeActivityEnvironment() {
    env.close();
  }

  // --- content ---------------------------------------------------------------------------------

  @Test
  void ndjsonHoldsExactlyTheEntriesOfTheHalfOpenRangeInSeqOrder() throws IOException {
    ExportRequest request = runningJob(ExportFormat.NDJSON, ExportFilters.none());
    List<LedgerEntry> expected = expected(ExportFilters.none());
    assertThat(expected).hasSize(BULK + 2);
    assertThat(expected).extracting(LedgerEntry::occurredAt).contains(FROM, TO.minusMillis(1));
    assertThat(expected)
        .extracting(LedgerEntry::occurredAt)
        .doesNotContain(FROM.minusMillis(1), TO);

    ExtractionResult result = activities.extract(request);

    Path file = staging.fileFor(request);
    byte[] bytes = Files.readAllBytes(file);
    List<String> lines = ndjsonLines(bytes);
    List<LedgerEntry> exported = new ArrayList<>();
    for (String line : lines) {
      LedgerEntry entry = Json.mapper().readValue(line, LedgerEntry.class);
      assertThat(LedgerHasher.recompute(entry))
          .as("the chain can be recomputed from the exported entry %d", entry.seq())
          .isEqualTo(entry.hash());
      exported.add(entry);
    }
    assertThat(exported).isEqualTo(expected);

    assertThat(result.stagingPath()).isEqualTo(file.toString());
    assertThat(result.entryCount()).isEqualTo(expected.size());
    assertThat(result.bytesWritten()).isEqualTo(bytes.length);
    assertThat(result.lastSeq()).isEqualTo(expected.get(expected.size() - 1).seq());
    assertThat(jobIndex.findById(request.jobId()).orElseThrow().job().progress())
        .as("the job index shows the final progress")
        .isEqualTo(new ExportProgress(expected.size(), bytes.length));
  }

  @Test
  void csvHasAHeaderAndRfc4180QuotedRows() throws IOException {
    ExportRequest request = runningJob(ExportFormat.CSV, ExportFilters.none());
    List<LedgerEntry> expected = expected(ExportFilters.none());

    ExtractionResult result = activities.extract(request);

    byte[] bytes = Files.readAllBytes(staging.fileFor(request));
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text)
        .startsWith(
            "seq,occurredAt,recordedAt,actor,action,resource,outcome,attributes,prevHash,hash\r\n")
        .endsWith("\r\n")
        .contains(",\"o'brien, \"\"ops\"\"\",");
    List<List<String>> rows = parseCsv(text);
    assertThat(rows.get(0))
        .containsExactly(
            "seq",
            "occurredAt",
            "recordedAt",
            "actor",
            "action",
            "resource",
            "outcome",
            "attributes",
            "prevHash",
            "hash");
    assertThat(rows).hasSize(expected.size() + 1);
    for (int i = 0; i < expected.size(); i++) {
      LedgerEntry e = expected.get(i);
      assertThat(rows.get(i + 1))
          .as("row of seq %d", e.seq())
          .containsExactly(
              Long.toString(e.seq()),
              e.occurredAt().toString(),
              e.recordedAt().toString(),
              e.actor(),
              e.action(),
              e.resource(),
              e.outcome().wire(),
              Json.canonicalString(e.attributes()),
              e.prevHash(),
              e.hash());
    }
    assertThat(result.entryCount()).isEqualTo(expected.size());
    assertThat(result.bytesWritten()).isEqualTo(bytes.length);
  }

  @Test
  void jsonIsOneValidArrayOfTheSameEntries() throws IOException {
    ExportRequest request = runningJob(ExportFormat.JSON, ExportFilters.none());
    List<LedgerEntry> expected = expected(ExportFilters.none());

    ExtractionResult result = activities.extract(request);

    byte[] bytes = Files.readAllBytes(staging.fileFor(request));
    assertThat(parseJsonArray(bytes)).isEqualTo(expected);
    assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("[\n{").endsWith("}\n]\n");
    assertThat(result.entryCount()).isEqualTo(expected.size());
    assertThat(result.bytesWritten()).isEqualTo(bytes.length);
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportFormat.class,
      names = {"NDJSON", "CSV", "JSON"})
  void anEmptySelectionGivesAnEmptyButValidFile(ExportFormat format) throws IOException {
    ExportFilters nobody = new ExportFilters(List.of("nobody"), null, null, null);
    ExportRequest request = runningJob(format, nobody);

    ExtractionResult result = activities.extract(request);

    String text = Files.readString(staging.fileFor(request));
    switch (format) {
      case NDJSON -> assertThat(text).isEmpty();
      case CSV -> assertThat(text).isEqualTo(CsvEntryWriter.HEADER);
      case JSON -> assertThat(parseJsonArray(text.getBytes(StandardCharsets.UTF_8))).isEmpty();
      default -> fail("not a ledger format");
    }
    assertThat(result.entryCount()).isZero();
    assertThat(result.bytesWritten()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
  }

  static Stream<ExportFilters> filters() {
    return Stream.of(
        new ExportFilters(List.of("alice", AWKWARD_ACTOR), null, null, null),
        new ExportFilters(null, null, null, List.of(Outcome.DENIED)),
        new ExportFilters(List.of("alice", AWKWARD_ACTOR), null, null, List.of(Outcome.DENIED)),
        new ExportFilters(
            null, List.of("record.update"), List.of("record:7", "record:11"), List.of()));
  }

  @ParameterizedTest
  @MethodSource("filters")
  void filtersSelectExactlyTheMatchingEntries(ExportFilters filters) throws IOException {
    ExportRequest request = runningJob(ExportFormat.NDJSON, filters);
    List<LedgerEntry> expected = expected(filters);
    assertThat(expected).isNotEmpty().hasSizeLessThan(expected(ExportFilters.none()).size());

    ExtractionResult result = activities.extract(request);

    List<LedgerEntry> exported = new ArrayList<>();
    for (String line : ndjsonLines(Files.readAllBytes(staging.fileFor(request)))) {
      exported.add(Json.mapper().readValue(line, LedgerEntry.class));
    }
    assertThat(exported).isEqualTo(expected);
    assertThat(result.entryCount()).isEqualTo(expected.size());
  }

  // --- heartbeats and resumption ---------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(
      value = ExportFormat.class,
      names = {"NDJSON", "CSV", "JSON"})
  void heartbeatedCheckpointsNameEntryBoundariesInTheFile(ExportFormat format) throws IOException {
    ExportRequest request = runningJob(format, ExportFilters.none());
    List<LedgerEntry> expected = expected(ExportFilters.none());

    activities.extract(request);

    byte[] bytes = Files.readAllBytes(staging.fileFor(request));
    List<ExtractionCheckpoint> midRun =
        heartbeats.stream().filter(c -> c.entries() < expected.size()).toList();
    assertThat(midRun).as("checkpoints heartbeated during the run").isNotEmpty();
    for (ExtractionCheckpoint c : midRun) {
      assertThat(c.entries() % 1024).as("checkpoints are taken every 1024 entries").isZero();
      assertThat(c.lastSeq()).isEqualTo(expected.get((int) c.entries() - 1).seq());
      assertThat(c.bytes()).isEqualTo(offsetAfterEntries(format, bytes, (int) c.entries()));
    }
  }

  /**
   * A crash after a checkpoint leaves the file with the checkpointed bytes plus whatever was
   * written after them. The retried attempt must drop that tail, continue after the checkpoint's
   * seq, and end with the same bytes as a run that never crashed.
   */
  @ParameterizedTest
  @EnumSource(
      value = ExportFormat.class,
      names = {"NDJSON", "CSV", "JSON"})
  void resumedExtractionIsByteIdenticalToAnUninterruptedOne(ExportFormat format)
      throws IOException {
    List<LedgerEntry> expected = expected(ExportFilters.none());
    ExportRequest uninterrupted = runningJob(format, ExportFilters.none());
    ExtractionResult full = activities.extract(uninterrupted);
    byte[] fullBytes = Files.readAllBytes(staging.fileFor(uninterrupted));
    ExtractionCheckpoint checkpoint =
        heartbeats.stream()
            .filter(c -> c.entries() > 0 && c.entries() < expected.size())
            .reduce((first, later) -> later)
            .orElseThrow(() -> new AssertionError("no checkpoint was heartbeated"));

    ExportRequest crashed = runningJob(format, ExportFilters.none());
    Path file = staging.fileFor(crashed);
    Files.createDirectories(file.getParent());
    byte[] prefix = Arrays.copyOf(fullBytes, (int) checkpoint.bytes());
    Files.write(file, concat(prefix, garbageAfterCheckpoint(format)));
    recordingLedger.queries.clear();
    recordingLedger.streamed.set(0);
    env.setHeartbeatDetails(checkpoint);

    ExtractionResult resumed = activities.extract(crashed);

    assertSameBytes(Files.readAllBytes(file), fullBytes);
    assertThat(resumed.entryCount()).isEqualTo(full.entryCount()).isEqualTo(expected.size());
    assertThat(resumed.bytesWritten()).isEqualTo(full.bytesWritten());
    assertThat(resumed.lastSeq()).isEqualTo(full.lastSeq());
    assertThat(recordingLedger.queries)
        .as("the resumed attempt reads on after the checkpoint, not from the start")
        .singleElement()
        .extracting(LedgerQuery::afterSeq)
        .isEqualTo(checkpoint.lastSeq());
    assertThat(recordingLedger.streamed).hasValue(expected.size() - (int) checkpoint.entries());
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportFormat.class,
      names = {"NDJSON", "JSON"})
  void resumingFromAComputedMidFileCheckpointGivesTheSameBytes(ExportFormat format)
      throws IOException {
    List<LedgerEntry> expected = expected(ExportFilters.none());
    ExportRequest uninterrupted = runningJob(format, ExportFilters.none());
    activities.extract(uninterrupted);
    byte[] fullBytes = Files.readAllBytes(staging.fileFor(uninterrupted));

    // a checkpoint that is not on a 1024-entry boundary, as a slower clock would have taken
    int n = 2_345;
    long offset = offsetAfterEntries(format, fullBytes, n);
    ExportRequest crashed = runningJob(format, ExportFilters.none());
    Path file = staging.fileFor(crashed);
    Files.createDirectories(file.getParent());
    Files.write(
        file, concat(Arrays.copyOf(fullBytes, (int) offset), garbageAfterCheckpoint(format)));
    env.setHeartbeatDetails(new ExtractionCheckpoint(expected.get(n - 1).seq(), n, offset));

    activities.extract(crashed);

    assertSameBytes(Files.readAllBytes(file), fullBytes);
  }

  @Test
  void aCheckpointBeyondTheEndOfTheFileStartsOver() throws IOException {
    ExportRequest uninterrupted = runningJob(ExportFormat.NDJSON, ExportFilters.none());
    activities.extract(uninterrupted);
    byte[] fullBytes = Files.readAllBytes(staging.fileFor(uninterrupted));

    ExportRequest crashed = runningJob(ExportFormat.NDJSON, ExportFilters.none());
    Path file = staging.fileFor(crashed);
    Files.createDirectories(file.getParent());
    Files.write(file, Arrays.copyOf(fullBytes, 100)); // the file lost what the checkpoint names
    recordingLedger.queries.clear();
    env.setHeartbeatDetails(new ExtractionCheckpoint(2_000, 2_000, fullBytes.length / 2));

    activities.extract(crashed);

    assertSameBytes(Files.readAllBytes(file), fullBytes);
    assertThat(recordingLedger.queries)
        .singleElement()
        .extracting(LedgerQuery::afterSeq)
        .isEqualTo(0L);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static NewLedgerEntry entry(Instant occurredAt, int i) {
    return new NewLedgerEntry(
        occurredAt,
        ACTORS.get(i % ACTORS.size()),
        ACTIONS.get(i % ACTIONS.size()),
        "record:" + (i % 13),
        Outcome.values()[i % 3 == 0 ? 0 : (i % 7 == 0 ? 2 : 1)],
        Map.of("i", i, "note", "a,b \"quoted\"\nsecond line", "tags", List.of("x", "y")));
  }

  /** A job that the api inserted and the workflow marked running, as extraction finds it. */
  private ExportRequest runningJob(ExportFormat format, ExportFilters filters) {
    return RunningJobs.record(
        jobIndex,
        "exp-demo-extract-" + jobSequence.incrementAndGet(),
        ExportType.LEDGER,
        format,
        new TimeRange(FROM, TO),
        filters,
        Instant.parse("2026-11-02T08:00:00Z"));
  }

  /** What an export must hold, computed here from the whole ledger rather than by SQL. */
  private static List<LedgerEntry> expected(ExportFilters f) {
    TimeRange range = new TimeRange(FROM, TO);
    return ledgerOfTenant.stream()
        .filter(e -> range.contains(e.occurredAt()))
        .filter(e -> f.actors().isEmpty() || f.actors().contains(e.actor()))
        .filter(e -> f.actions().isEmpty() || f.actions().contains(e.action()))
        .filter(e -> f.resources().isEmpty() || f.resources().contains(e.resource()))
        .filter(e -> f.outcomes().isEmpty() || f.outcomes().contains(e.outcome()))
        .toList();
  }

  private static List<String> ndjsonLines(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n");
    return List.of(text.substring(0, text.length() - 1).split("\n", -1));
  }

  private static List<LedgerEntry> parseJsonArray(byte[] bytes) throws IOException {
    return Json.mapper()
        .readerFor(new TypeReference<List<LedgerEntry>>() {})
        .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .readValue(bytes);
  }

  /**
   * Byte offset just after the {@code n}-th entry, computed from the format's layout: ndjson has
   * one entry per line; csv a header line first; the json array {@code [\n{..},\n{..}\n]\n} has its
   * opening bracket on a line of its own and a comma after every entry but the last.
   */
  private static long offsetAfterEntries(ExportFormat format, byte[] bytes, int n) {
    return switch (format) {
      case NDJSON -> offsetAfterLines(bytes, n);
      case CSV -> offsetAfterLines(bytes, n + 1);
      case JSON -> offsetAfterLines(bytes, n + 1) - 2;
      default -> throw new IllegalArgumentException(format.wire());
    };
  }

  /**
   * Offset after the {@code lines}-th line feed. Every line feed in these files ends a line: JSON
   * escapes the ones inside values, and csv holds attributes as canonical JSON.
   */
  private static long offsetAfterLines(byte[] bytes, int lines) {
    int seen = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n' && ++seen == lines) {
        return i + 1;
      }
    }
    throw new AssertionError("the file has fewer than " + lines + " lines");
  }

  private static byte[] garbageAfterCheckpoint(ExportFormat format) {
    String garbage =
        switch (format) {
          case NDJSON -> "{\"seq\":99999999,\"occurredAt\":\"2026-10-0";
          case CSV -> "99999999,2026-10-01T00:00:00Z,\"half a quoted";
          default -> ",\n{\"seq\":99999999,\"actor\":\"torn wri";
        };
    return garbage.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void assertSameBytes(byte[] actual, byte[] expected) {
    int n = Math.min(actual.length, expected.length);
    for (int i = 0; i < n; i++) {
      if (actual[i] != expected[i]) {
        fail(
            "files differ at byte %d: expected ...%s... but was ...%s...",
            i, excerpt(expected, i), excerpt(actual, i));
      }
    }
    assertThat(actual.length).as("file length").isEqualTo(expected.length);
  }

  private static String excerpt(byte[] bytes, int at) {
    int from = Math.max(0, at - 40);
    int to = Math.min(bytes.length, at + 40);
    return new String(bytes, from, to - from, StandardCharsets.UTF_8);
  }

  /** A small RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks. */
  private static List<List<String>> parseCsv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        assertThat(field).as("a quote opens a field").isEmpty();
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        assertThat(c).as("bare line feed outside quotes at %d", i).isNotIn('\n', '\r');
        field.append(c);
      }
    }
    assertThat(quoted).as("unterminated quoted field").isFalse();
    assertThat(row).as("the last row ends with CRLF").isEmpty();
    return rows;
  }

  /** The real store, noting what the activity asked for and how much it read. */
  private static final class RecordingLedgerStore extends LedgerStore {
    final List<LedgerQuery> queries = new CopyOnWriteArrayList<>();
    final AtomicInteger streamed = new AtomicInteger();

    RecordingLedgerStore() {
      super(
          JdbcClient.create(pool),
          new JdbcTemplate(pool),
          new TransactionTemplate(new DataSourceTransactionManager(pool)),
          Clock.systemUTC());
    }

    @Override
    public void streamRecorded(LedgerQuery query, Consumer<RecordedEntry> sink, ReadCancel cancel) {
      queries.add(query);
      super.streamRecorded(
          query,
          entry -> {
            streamed.incrementAndGet();
            sink.accept(entry);
          },
          cancel);
    }
  }
}
