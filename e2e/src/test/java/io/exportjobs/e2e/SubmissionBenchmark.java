package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportStatus;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.workflow.ExportWorkflow;
import io.exportjobs.shared.workflow.OperatorSummary;
import io.exportjobs.shared.workflow.TemporalNames;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `make bench`: the cost of the REST front door. 500 jobs submitted by 8 concurrent callers through
 * {@code POST /exports} (authentication, validation, policy, hourly quota, the job index row, the
 * workflow start) beside 500 starts of the same workflow, with the same options, straight through
 * {@code WorkflowClient.start}; submissions per second until every job is pending (the call has
 * returned: the job is listed, or the run exists). On PostgreSQL, no worker (the jobs stay
 * pending), two rounds in alternating order after a warm-up.
 *
 * <p>The machine's cores are shared by the callers, the api, PostgreSQL and the dev server, so the
 * figure also says what each way costs in CPU per submission, and what the front door alone costs
 * (the same call refused 400 before any database or Temporal call): with every core busy, the ratio
 * of two throughputs is the inverse ratio of their CPU per submission, and the front door's share
 * bounds what any create could reach.
 */
@Tag("bench")
class SubmissionBenchmark {

  static final int JOBS = Integer.getInteger("bench.submissions", 500);
  static final int CALLERS = 8;
  static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");
  static final Instant TO = Instant.parse("2024-02-01T00:00:00Z");
  static final String SCHEMA = "bench_submit_" + UUID.randomUUID().toString().substring(0, 8);

  @RegisterExtension
  static final Stack stack =
      Stack.perClassOnPostgres(
          SCHEMA, Map.of("exportjobs.policy.defaults.max-jobs-per-hour", "1000000"));

  static final Http http = stack.http("dev-demo-writer");
  static final AtomicInteger rawIds = new AtomicInteger();

  @Test
  void restBesideRawStarts() throws Exception {
    WorkflowClient client = stack.apiBean(WorkflowClient.class);
    submit(40, SubmissionBenchmark::viaRest); // warm-up, not counted
    submit(40, () -> viaSdk(client));
    submit(40, SubmissionBenchmark::refusedAtTheDoor);
    CpuAccount cpu = new CpuAccount();
    CpuAccount.Snapshot s0 = cpu.snapshot();
    double raw = submit(JOBS, () -> viaSdk(client));
    CpuAccount.Snapshot s1 = cpu.snapshot();
    double rest = submit(JOBS, SubmissionBenchmark::viaRest);
    rest += submit(JOBS, SubmissionBenchmark::viaRest);
    CpuAccount.Snapshot s2 = cpu.snapshot();
    raw += submit(JOBS, () -> viaSdk(client));
    CpuAccount.Snapshot s3 = cpu.snapshot();
    double door = submit(2 * JOBS, SubmissionBenchmark::refusedAtTheDoor);
    CpuAccount.Snapshot s4 = cpu.snapshot();

    long pending = pendingJobsInIndex();
    boolean ok = pending == 40 + 2L * JOBS;
    double restRate = 2 * JOBS / rest;
    double rawRate = 2 * JOBS / raw;
    CpuAccount.Usage restCpu = CpuAccount.over(new CpuAccount.Snapshot[][] {{s1, s2}});
    CpuAccount.Usage rawCpu = CpuAccount.over(new CpuAccount.Snapshot[][] {{s0, s1}, {s2, s3}});
    CpuAccount.Usage doorCpu = CpuAccount.over(new CpuAccount.Snapshot[][] {{s3, s4}});
    double perRaw = rawCpu.ours() * 1000 / (2 * JOBS);
    double perRest = restCpu.ours() * 1000 / (2 * JOBS);
    double perDoor = doorCpu.ours() * 1000 / (2 * JOBS);
    new BenchFigure(
            "rest_vs_sdk",
            String.format(
                Locale.ROOT, "REST %,.0f/s; WorkflowClient.start %,.0f/s", restRate, rawRate),
            restRate / rawRate,
            ok,
            String.format(
                Locale.ROOT,
                "%d callers, 2 rounds x %d jobs each way (order raw, REST, REST, raw) after 40 of"
                    + " each kind to warm up: POST /exports %.2f s, WorkflowClient.start %.2f s; %d"
                    + " jobs pending in the job index. CPU per submission: REST %.1f core-ms, raw %.1f core-ms"
                    + " (raw ÷ REST %.2f); the front door alone (%d bodies refused 400 before any"
                    + " database or Temporal call, %.2f s) %.1f core-ms, so no create can pass"
                    + " raw ÷ (raw + door) = %.2f on this machine. REST: %s. Raw: %s. Door: %s",
                CALLERS,
                JOBS,
                rest,
                raw,
                pending,
                perRest,
                perRaw,
                perRaw / perRest,
                2 * JOBS,
                door,
                perDoor,
                perRaw / (perRaw + perDoor),
                restCpu,
                rawCpu,
                doorCpu))
        .save();
    assertThat(pending).isEqualTo(40 + 2L * JOBS);
  }

  /** Seconds for {@code jobs} submissions by {@link #CALLERS} threads at once. */
  static double submit(int jobs, Runnable one) throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
    AtomicInteger left = new AtomicInteger(jobs);
    long t0 = System.nanoTime();
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < CALLERS; c++) {
        running.add(
            callers.submit(
                () -> {
                  while (left.getAndDecrement() > 0) {
                    one.run();
                  }
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } finally {
      callers.shutdownNow();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  static void viaRest() {
    Http.Response r = http.postLedgerExport("ndjson", FROM, TO);
    if (r.status() != 202 || !"pending".equals(r.json().get("status").asText())) {
      throw new AssertionError("POST /exports answered " + r.status() + ": " + r.text());
    }
  }

  /**
   * The front door and nothing behind it: the same call with a format the type does not have,
   * refused 400 after authentication, the JSON body's parse and its validation, before the database
   * or Temporal. What every {@code POST /exports} costs at least.
   */
  static void refusedAtTheDoor() {
    Http.Response r = http.postLedgerExport("pdf", FROM, TO);
    if (r.status() != 400) {
      throw new AssertionError("POST /exports of a pdf answered " + r.status() + ": " + r.text());
    }
  }

  /** What the api's WorkflowGateway starts for such a request, started directly. */
  static void viaSdk(WorkflowClient client) {
    ExportRequest request =
        ExportRequest.builder()
            .jobId("exp-demo-raw-" + rawIds.incrementAndGet() + "-" + UUID.randomUUID())
            .tenant("demo")
            .type(ExportType.LEDGER)
            .format(ExportFormat.NDJSON)
            .range(new TimeRange(FROM, TO))
            .filters(ExportFilters.none())
            .labels(Map.of())
            .retention("P30D")
            .target("default")
            .createdAt(Instant.now())
            .requestedBy("dev-demo-writer")
            .callerScopes(Set.of("exports:read", "exports:write", "ledger:read", "ledger:write"))
            .build();
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(request.jobId())
            .setTaskQueue(stack.taskQueue)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(TemporalNames.EXPORT_TENANT, request.tenant())
                    .set(TemporalNames.EXPORT_TYPE, request.type().wire())
                    .set(TemporalNames.EXPORT_STATUS, ExportStatus.PENDING.wire())
                    .build())
            .setMemo(Map.of(TemporalNames.MEMO_SUMMARY, OperatorSummary.of(request)))
            .setStaticSummary(OperatorSummary.of(request))
            .setStaticDetails(OperatorSummary.details(request))
            .build();
    ExportWorkflow workflow = client.newWorkflowStub(ExportWorkflow.class, options);
    String runId = WorkflowClient.start(workflow::run, request, null).getRunId();
    if (runId == null || runId.isBlank()) {
      throw new AssertionError("no run id for " + request.jobId());
    }
  }

  static long pendingJobsInIndex() throws Exception {
    try (Connection c = DriverManager.getConnection(stack.dbUrl, stack.dbUser, stack.dbPassword);
        var st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT COUNT(*) FROM export_jobs WHERE status = 'pending'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
