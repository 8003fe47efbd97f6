package io.exportjobs.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.exportjobs.api.testing.RealHttpTestSupport;
import io.exportjobs.pack.json.Digests;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.ledger.LedgerQuery;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowNotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentMatchers;

/**
 * The api records user actions in the tenant's ledger after its checks and before it acts: a
 * refused request (404, 409, 416, 422) and a download without bytes (304, HEAD) record nothing; an
 * unwritable ledger (an H2 trigger) makes every action a 503 that does nothing; a download's entry
 * says which bytes it sent; an action that fails after its entry is followed by a failure entry.
 * Fast, with Temporal mocked; the real-server versions are AuditMatrixE2ETest and
 * LedgerFailClosedE2ETest.
 */
class AuditedActionsTest extends RealHttpTestSupport {

  private static final byte[] BYTES =
      "0123456789abcdefghij\n".repeat(20).getBytes(StandardCharsets.UTF_8);
  private static final String BODY =
      "{\"type\":\"ledger\",\"range\":{\"from\":\"2026-10-01T00:00:00Z\","
          + "\"to\":\"2026-10-02T00:00:00Z\"}}";

  private String tenant;

  @BeforeEach
  void setUp() {
    jdbc.sql(RefusingLedgerTrigger.CREATE).update();
    doAnswer(inv -> "run-" + ((ExportRequest) inv.getArgument(0)).attempt())
        .when(gateway)
        .start(any());
    doAnswer(inv -> inv.getArgument(0)).when(gateway).deleteArtifact(any());
    doAnswer(inv -> inv.getArgument(0)).when(gateway).setRetention(any(), any());
    tenant = freshTenant();
  }

  @AfterEach
  void ledgerWritable() {
    RefusingLedgerTrigger.REFUSED.clear();
  }

  @Test
  void everyAnswerWithArtifactBytesIsOneEntryThatSaysWhatItSent() {
    String id = completedJob(tenant, BYTES);
    int n = BYTES.length;
    String whole = "0-" + (n - 1);
    download(id, null, 200, n, List.of(whole));
    download(id, "bytes=0-9", 206, 10, List.of("0-9"));
    download(id, "bytes=-999999999", 206, n, List.of(whole));
    download(id, "bytes=00-", 206, n, List.of(whole));
    download(id, "bytes=1-,0-0", 200, n, List.of(whole));
    download(id, "items=0-1", 200, n, List.of(whole));
    download(id, "bytes=0-1,10-12,5000-6000", 206, 5, List.of("0-1", "10-12"));
    download(id, "bytes=0-9", "\"not-the-etag\"", 200, n, List.of(whole));

    // the multipart answer holds exactly those bytes
    Response parts =
        get("/api/v1/exports/" + id + "/artifact", asTenant(tenant, "Range", "bytes=0-1,10-12"));
    assertThat(parts.header("Content-Type")).startsWith("multipart/byteranges; boundary=");
    assertThat(parts.text())
        .contains("Content-Range: bytes 0-1/" + n + "\r\n\r\n01\r\n")
        .contains("Content-Range: bytes 10-12/" + n + "\r\n\r\nabc\r\n");
    assertThat(Long.parseLong(parts.header("Content-Length"))).isEqualTo(parts.body().length);
  }

  @Test
  void answersWithoutArtifactBytesRecordNothing() {
    String id = completedJob(tenant, BYTES);
    String path = "/api/v1/exports/" + id + "/artifact";
    String etag = "\"" + Digests.sha256Hex(BYTES) + "\"";
    ChainHead before = ledger.head(tenant);

    Response head = send("HEAD", path, null, asTenant(tenant));
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(BYTES.length));
    Response notModified = get(path, asTenant(tenant, "If-None-Match", etag));
    assertThat(notModified.status()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertProblem(
        get(path, asTenant(tenant, "Range", "bytes=5000-")), 416, "range_not_satisfiable");
    assertProblem(get(path, asTenant(tenant, "Range", "bytes=5-1")), 416, "range_not_satisfiable");
    assertProblem(
        get(
            "/api/v1/exports/exp-" + tenant + "-01NOSUCHJOB00000000000000/artifact",
            asTenant(tenant)),
        404,
        "not_found");
    assertThat(ledger.head(tenant)).isEqualTo(before);
  }

  @Test
  void withTheLedgerUnwritableEveryActionIs503AndDoesNothing() {
    String completed = completedJob(tenant, BYTES);
    String pending = createdJob();
    String failed = createdJob();
    jdbc.sql("UPDATE export_jobs SET status = 'failed' WHERE id = ?").param(failed).update();
    List<java.util.Map<String, Object>> jobsBefore = jobRows();
    ChainHead before = ledger.head(tenant);
    org.mockito.Mockito.clearInvocations(gateway, scheduleClient);

    RefusingLedgerTrigger.REFUSED.add(tenant);
    String exports = "/api/v1/exports/";
    Response download = get(exports + completed + "/artifact", asTenant(tenant));
    assertProblem(download, 503, "unavailable");
    assertThat(download.text()).doesNotContain("0123456789abcdefghij");
    assertProblem(
        get(exports + completed + "/artifact", asTenant(tenant, "Range", "bytes=0-9")),
        503,
        "unavailable");
    assertProblem(postJson("/api/v1/exports", BODY, asTenant(tenant)), 503, "unavailable");
    assertProblem(
        postJson(exports + pending + "/cancel", "", asTenant(tenant)), 503, "unavailable");
    assertProblem(postJson(exports + failed + "/retry", "", asTenant(tenant)), 503, "unavailable");
    assertProblem(
        patchJson(exports + completed, "{\"retention\":\"P60D\"}", asTenant(tenant)),
        503,
        "unavailable");
    assertProblem(
        send("DELETE", exports + completed + "/artifact", null, asTenant(tenant)),
        503,
        "unavailable");
    assertProblem(
        postJson(
            "/api/v1/export-schedules",
            "{\"id\":\"nightly\",\"cron\":\"0 2 * * *\",\"window\":\"P1D\","
                + "\"job\":{\"type\":\"ledger\"}}",
            asTenant(tenant)),
        503,
        "unavailable");

    assertThat(ledger.head(tenant)).isEqualTo(before);
    assertThat(jobRows()).isEqualTo(jobsBefore);
    verify(gateway, never()).start(any());
    verify(gateway, never()).cancel(any());
    verify(gateway, never()).setRetention(any(), any());
    verify(gateway, never()).deleteArtifact(any());
    verify(scheduleClient, never())
        .createSchedule(anyString(), ArgumentMatchers.any(), ArgumentMatchers.any());
  }

  @Test
  void refusedRequestsRecordNothing() {
    String completed = completedJob(tenant, BYTES);
    ChainHead before = ledger.head(tenant);
    String exports = "/api/v1/exports/";
    assertProblem(postJson(exports + completed + "/cancel", "", asTenant(tenant)), 409, "conflict");
    assertProblem(postJson(exports + completed + "/retry", "", asTenant(tenant)), 409, "conflict");
    assertProblem(
        patchJson(exports + completed, "{\"retention\":\"P9999D\"}", asTenant(tenant)),
        422,
        "out_of_bounds");
    assertProblem(
        postJson(exports + "exp-" + tenant + "-nope/cancel", "", asTenant(tenant)),
        404,
        "not_found");
    assertProblem(
        postJson("/api/v1/export-schedules/nightly/pause", "{}", asTenant(tenant)),
        404,
        "not_found");
    assertThat(ledger.head(tenant)).isEqualTo(before);
  }

  @Test
  void anActionThatFailsAfterItsEntryIsFollowedByAFailureEntry() {
    String pending = createdJob();
    String job = "export:" + pending;
    doThrow(new WorkflowNotFoundException(WorkflowExecution.getDefaultInstance(), "x", null))
        .when(gateway)
        .cancel(any());
    assertProblem(
        postJson("/api/v1/exports/" + pending + "/cancel", "", asTenant(tenant)), 409, "conflict");
    List<LedgerEntry> cancels = entries("export.cancelled", job);
    assertThat(cancels).extracting(e -> e.outcome().wire()).containsExactly("success", "failure");
    assertThat(cancels.get(1).attributes()).containsEntry("notCarriedOut", true);

    // the next cancel is carried out: it gets an entry of its own, although the key is taken
    doAnswer(inv -> null).when(gateway).cancel(any());
    assertThat(postJson("/api/v1/exports/" + pending + "/cancel", "", asTenant(tenant)).status())
        .isEqualTo(202);
    assertThat(entries("export.cancelled", job))
        .extracting(e -> e.outcome().wire())
        .containsExactly("success", "failure", "success");
    // a repeat of a cancel that happened is not recorded twice
    assertThat(postJson("/api/v1/exports/" + pending + "/cancel", "", asTenant(tenant)).status())
        .isEqualTo(202);
    assertThat(entries("export.cancelled", job)).hasSize(3);
  }

  // --- helpers --------------------------------------------------------------------------------

  private void download(String id, String range, int status, long bytes, List<String> ranges) {
    download(id, range, null, status, bytes, ranges);
  }

  private void download(
      String id, String range, String ifRange, int status, long bytes, List<String> ranges) {
    List<String> headers = new ArrayList<>(Arrays.asList(asTenant(tenant)));
    if (range != null) {
      headers.addAll(List.of("Range", range));
    }
    if (ifRange != null) {
      headers.addAll(List.of("If-Range", ifRange));
    }
    int before = entries("export.downloaded", "export:" + id).size();
    Response r = get("/api/v1/exports/" + id + "/artifact", headers.toArray(String[]::new));
    assertThat(r.status()).as("%s: %s", range, r.text()).isEqualTo(status);
    List<LedgerEntry> after = entries("export.downloaded", "export:" + id);
    assertThat(after).as("entries after %s", range).hasSize(before + 1);
    LedgerEntry entry = after.get(after.size() - 1);
    assertThat(entry.actor()).isEqualTo("jwt-user@" + tenant);
    assertThat(((Number) entry.attributes().get("bytes")).longValue()).isEqualTo(bytes);
    assertThat(entry.attributes().get("ranges")).isEqualTo(ranges);
    assertThat(((Number) entry.attributes().get("status")).intValue()).isEqualTo(status);
    if (ranges.size() == 1) {
      assertThat((long) r.body().length).isEqualTo(bytes);
    }
  }

  private String createdJob() {
    Response r = postJson("/api/v1/exports", BODY, asTenant(tenant));
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    return jsonOf(r).get("id").asString();
  }

  private List<LedgerEntry> entries(String action, String resource) {
    List<LedgerEntry> found = new ArrayList<>();
    ledger.stream(
        new LedgerQuery(
            tenant,
            null,
            null,
            new ExportFilters(null, List.of(action), List.of(resource), null),
            0),
        found::add);
    return found;
  }

  /**
   * The jobs as users see them. (A refused retry was moved to attempt + 1 and back, which leaves
   * the row's bookkeeping columns touched but nothing a caller sees.)
   */
  private List<java.util.Map<String, Object>> jobRows() {
    return jdbc.sql(
            "SELECT id, status, attempt, retention, expires_at, error_code, artifact_location,"
                + " run_id FROM export_jobs WHERE tenant = ? ORDER BY id")
        .param(tenant)
        .query()
        .listOfRows();
  }
}
