package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.ledger.LedgerQuery;
import io.exportjobs.shared.ledger.LedgerStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11, done-when 1, on the real dev server: for each action of the contract's list, done by
 * each dev key that may, the tenant's ledger gains exactly one entry with that action, the right
 * actor (the key's name; {@code operator:dev-operator} for the operator acting through {@code
 * X-Tenant-Id}; {@code system} for what the service does by itself) and the right resource. Where
 * the api and the workflow both record an action (requested, cancelled, expired on request), the
 * count is taken again once the workflow has done its part. A download with each of {@code
 * bytes=0-9}, {@code bytes=-N} (N larger than the file), {@code bytes=00-}, {@code bytes=1-,0-0}
 * and no Range gains one {@code export.downloaded} each, with the ranges and bytes it sent.
 *
 * <p>In {@code demo}, the jobs and schedules are {@code dev-demo-writer}'s, and the other keys act
 * on them: an entry that named the original requester instead of the acting key would show. Each
 * action is checked against everything appended since: its one entry, and nothing else but the
 * entries of the scheduled runs it started (by {@code system}).
 */
class AuditMatrixE2ETest {

  static final Instant FROM = Instant.parse("2026-10-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-11-01T00:00:00Z");

  /** A dev key, the tenant it acts for, and the actor the ledger must show. */
  record Actor(String key, String tenant, String xTenant, String actor) {
    String[] headers(String... more) {
      List<String> all = new ArrayList<>(List.of("X-API-Key", key));
      if (xTenant != null) {
        all.addAll(List.of("X-Tenant-Id", xTenant));
      }
      all.addAll(List.of(more));
      return all.toArray(String[]::new);
    }
  }

  /** Every key that may change exports and schedules: exports:write in its tenant, or operator. */
  static final List<Actor> WRITERS =
      List.of(
          new Actor("dev-demo-admin", "demo", null, "dev-demo-admin"),
          new Actor("dev-demo-writer", "demo", null, "dev-demo-writer"),
          new Actor("dev-acme-admin", "acme", null, "dev-acme-admin"),
          new Actor("dev-operator", "demo", "demo", "operator:dev-operator"));

  static final Actor READER = new Actor("dev-demo-reader", "demo", null, "dev-demo-reader");

  static final Actor DEMO_WRITER = WRITERS.get(1);

  /** Who creates what {@code a} acts on: in demo another key than {@code a} for all but one. */
  static Actor requester(Actor a) {
    return a.tenant().equals("demo") ? DEMO_WRITER : a;
  }

  /**
   * Who cancels and retries what {@code a} requested: in demo the next of the three keys, so that
   * each creates one job and acts on another's; in acme its only writer.
   */
  static Actor nextInDemo(Actor a) {
    return switch (a.key()) {
      case "dev-demo-admin" -> WRITERS.get(1);
      case "dev-demo-writer" -> WRITERS.get(3);
      case "dev-operator" -> WRITERS.get(0);
      default -> a;
    };
  }

  static final Path flakyStore = Stack.tempDir("exportjobs-audit-").resolve("store");

  @RegisterExtension
  static final Stack stack =
      Stack.perClass(
              Map.of(
                  "exportjobs.artifacts.targets.flaky.path",
                  flakyStore.toString(),
                  // acme's artifacts may be kept for seconds: a retention that ends during the test
                  "exportjobs.policy.tenants.acme.retention-min",
                  "PT1S"))
          .withEntries("demo", FROM, TO.minusSeconds(1), 300)
          .withEntries("acme", FROM, TO.minusSeconds(1), 300);

  static final RawHttp raw = stack.rawHttp();

  @Test
  void requestDownloadRetentionAndDeletionByEveryKey() {
    for (Actor a : WRITERS) {
      Actor owner = requester(a);
      String id = create(owner, "default");
      expectOne(a.tenant(), "export.requested", id, owner.actor());
      awaitStatus(a, id, "completed");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> expectOne(a.tenant(), "export.completed", id, "system"));
      expectOne(a.tenant(), "export.started", id, "system");
      // the workflow's own export.requested (same event key) was skipped
      expectOne(a.tenant(), "export.requested", id, owner.actor());

      long size = job(a, id).get("artifact").get("sizeBytes").asLong();
      assertThat(size).isGreaterThan(10);
      downloads(a, id, size);
      if (a.tenant().equals("demo")) {
        download(READER, id, null, 200, size, List.of("0-" + (size - 1)));
      }

      long before = seq(a.tenant());
      RawHttp.Response patched =
          raw.send("PATCH", "/exports/" + id, "{\"retention\":\"P60D\"}", a.headers());
      assertThat(patched.status()).as(patched.text()).isEqualTo(200);
      LedgerEntry changed =
          onlyEntrySince(a, before, "export.retention_changed", "export:" + id, List.of());
      assertThat(changed.attributes()).containsEntry("retention", "P60D");
      expectOne(a.tenant(), "export.retention_changed", id, a.actor());

      before = seq(a.tenant());
      RawHttp.Response deleted =
          raw.send("DELETE", "/exports/" + id + "/artifact", null, a.headers());
      assertThat(deleted.status()).as(deleted.text()).isEqualTo(202);
      LedgerEntry expired = onlyEntrySince(a, before, "export.expired", "export:" + id, List.of());
      assertThat(expired.attributes()).containsEntry("reason", "deleted_on_request");
      awaitStatus(a, id, "expired");
      // the workflow's own export.expired (same event key) was skipped: still only the user's
      onlyEntrySince(a, before, "export.expired", "export:" + id, List.of());
      expectOne(a.tenant(), "export.expired", id, a.actor());
    }
  }

  private static void downloads(Actor a, String id, long size) {
    String whole = "0-" + (size - 1);
    download(a, id, null, 200, size, List.of(whole));
    download(a, id, "bytes=0-9", 206, 10, List.of("0-9"));
    download(a, id, "bytes=-" + (size * 10), 206, size, List.of(whole));
    download(a, id, "bytes=00-", 206, size, List.of(whole));
    // two ranges that together ask for the whole file: the whole file, 200
    download(a, id, "bytes=1-,0-0", 200, size, List.of(whole));
  }

  /** One download, and exactly one new export.downloaded entry that says what it sent. */
  private static void download(
      Actor a, String id, String range, int status, long bytes, List<String> ranges) {
    int before = entries(a.tenant(), "export.downloaded", id).size();
    long seq = seq(a.tenant());
    RawHttp.Response r =
        raw.send(
            "GET",
            "/exports/" + id + "/artifact",
            null,
            range == null ? a.headers() : a.headers("Range", range));
    assertThat(r.status()).as("%s %s: %s", a.key(), range, r.text()).isEqualTo(status);
    assertThat((long) r.body().length).isEqualTo(bytes);
    List<LedgerEntry> after = entries(a.tenant(), "export.downloaded", id);
    assertThat(after).as("downloads of %s after %s by %s", id, range, a.key()).hasSize(before + 1);
    LedgerEntry entry = after.get(after.size() - 1);
    assertThat(entry.actor()).isEqualTo(a.actor());
    assertThat(entry.resource()).isEqualTo("export:" + id);
    assertThat(((Number) entry.attributes().get("bytes")).longValue()).isEqualTo(bytes);
    assertThat(entry.attributes().get("ranges")).isEqualTo(ranges);
    assertThat(((Number) entry.attributes().get("status")).intValue()).isEqualTo(status);
    assertThat(onlyEntrySince(a, seq, "export.downloaded", "export:" + id, List.of()))
        .isEqualTo(entry);
  }

  @Test
  void cancelAndRetryByEveryKey() {
    // no worker polls: the jobs wait, so every cancel finds them pending
    stack.stopWorker();
    List<String> ids = new ArrayList<>();
    try {
      for (Actor a : WRITERS) {
        String id = create(a, "default");
        ids.add(id);
        expectOne(a.tenant(), "export.requested", id, a.actor());
        Actor by = nextInDemo(a);
        long before = seq(a.tenant());
        RawHttp.Response cancelled =
            raw.send("POST", "/exports/" + id + "/cancel", null, by.headers());
        assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(202);
        onlyEntrySince(by, before, "export.cancelled", "export:" + id, List.of());
      }
    } finally {
      stack.startWorker();
    }
    for (int i = 0; i < WRITERS.size(); i++) {
      Actor by = nextInDemo(WRITERS.get(i));
      String id = ids.get(i);
      awaitStatus(by, id, "cancelled");
      // the workflow recorded the cancel with the same key: still one entry, the canceller's
      expectOne(by.tenant(), "export.cancelled", id, by.actor());
      RawHttp.Response retried = raw.send("POST", "/exports/" + id + "/retry", null, by.headers());
      assertThat(retried.status()).as(retried.text()).isEqualTo(202);
      // (the retried run appends its own entries meanwhile: counted per action, not by the head)
      LedgerEntry entry = expectOne(by.tenant(), "export.retried", id, by.actor());
      assertThat(((Number) entry.attributes().get("attempt")).intValue()).isEqualTo(2);
      awaitCompleted(by, id);
      expectOne(by.tenant(), "export.retried", id, by.actor());
    }
  }

  @Test
  void anExpiryAtTheEndOfTheRetentionIsTheSystems() {
    Actor acme = WRITERS.get(2);
    RawHttp.Response r =
        raw.send(
            "POST",
            "/exports",
            "{\"type\":\"ledger\",\"retention\":\"PT2S\",\"range\":{\"from\":\""
                + FROM
                + "\",\"to\":\""
                + TO
                + "\"}}",
            acme.headers());
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    String id = r.json().get("id").asText();
    awaitStatus(acme, id, "expired");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> expectOne("acme", "export.expired", id, "system"));
    assertThat(expectOne("acme", "export.expired", id, "system").attributes())
        .containsEntry("reason", "retention_ended");
  }

  @Test
  void aFailureIsTheSystemsAndItsRetryTheOperators() throws Exception {
    Actor writer = WRITERS.get(1);
    Actor operator = WRITERS.get(3);
    // the fault: the store's root is a regular file, so publishing fails
    Files.createDirectories(flakyStore.getParent());
    Files.writeString(flakyStore, "not a directory");
    String id = create(writer, "flaky");
    awaitStatus(writer, id, "failed");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> expectOne("demo", "export.failed", id, "system"));
    Files.delete(flakyStore);
    RawHttp.Response retried =
        raw.send("POST", "/exports/" + id + "/retry", null, operator.headers());
    assertThat(retried.status()).as(retried.text()).isEqualTo(202);
    expectOne("demo", "export.retried", id, operator.actor());
    awaitCompleted(writer, id);
  }

  @Test
  void everyScheduleActionByEveryKey() {
    for (int i = 0; i < WRITERS.size(); i++) {
      Actor a = WRITERS.get(i);
      Actor owner = requester(a);
      String id = "audit-" + i;
      String path = "/export-schedules/" + id;
      String resource = "schedule:" + id;
      long before = seq(a.tenant());
      RawHttp.Response created =
          raw.send(
              "POST",
              "/export-schedules",
              "{\"id\":\""
                  + id
                  + "\",\"cron\":\"0 2 * * *\",\"window\":\"P1D\",\"paused\":true,"
                  + "\"job\":{\"type\":\"ledger\"}}",
              owner.headers());
      assertThat(created.status()).as(created.text()).isEqualTo(201);
      LedgerEntry creation = onlyEntrySince(owner, before, "schedule.created", resource, List.of());
      assertThat(creation.attributes()).containsEntry("cron", "0 2 * * *");

      before = seq(a.tenant());
      send(a, "PATCH", path, "{\"cron\":\"0 3 * * *\"}", 200);
      assertThat(onlyEntrySince(a, before, "schedule.updated", resource, List.of()).attributes())
          .containsEntry("changes", Map.of("cron", "0 3 * * *"));

      before = seq(a.tenant());
      send(a, "POST", path + "/pause", "{\"note\":\"audit\"}", 200);
      assertThat(onlyEntrySince(a, before, "schedule.paused", resource, List.of()).attributes())
          .containsEntry("note", "audit");

      before = seq(a.tenant());
      send(a, "POST", path + "/resume", "{\"note\":\"back\"}", 200);
      onlyEntrySince(a, before, "schedule.resumed", resource, List.of());

      before = seq(a.tenant());
      send(a, "POST", path + "/trigger", null, 202);
      List<String> triggered = awaitNewRuns(a, id, List.of(), 1);
      onlyEntrySince(a, before, "schedule.triggered", resource, triggered);

      before = seq(a.tenant());
      send(
          a,
          "POST",
          path + "/backfill",
          "{\"from\":\"2026-10-01T00:00:00Z\",\"to\":\"2026-10-02T00:00:00Z\"}",
          202);
      // one run: 03:00 on October 1st
      List<String> backfilled = awaitNewRuns(a, id, triggered, 1);
      assertThat(
              onlyEntrySince(a, before, "schedule.backfilled", resource, backfilled).attributes())
          .containsEntry("from", "2026-10-01T00:00:00Z")
          .containsEntry("to", "2026-10-02T00:00:00Z");

      before = seq(a.tenant());
      send(a, "DELETE", path, null, 204);
      onlyEntrySince(a, before, "schedule.deleted", resource, List.of());

      // exactly one of each, in the whole ledger, and the creation the owner's
      for (String action :
          List.of(
              "schedule.updated",
              "schedule.paused",
              "schedule.resumed",
              "schedule.triggered",
              "schedule.backfilled",
              "schedule.deleted")) {
        expectOneOn(a, action, id);
      }
      expectOneOn(owner, "schedule.created", id);

      // and one of its own: in demo the key above acted on the writer's, so a creation by each
      // key is checked here (an operator's through X-Tenant-Id)
      String own = "audit-own-" + i;
      before = seq(a.tenant());
      RawHttp.Response ownCreated =
          raw.send(
              "POST",
              "/export-schedules",
              "{\"id\":\""
                  + own
                  + "\",\"cron\":\"0 4 * * *\",\"window\":\"P1D\",\"paused\":true,"
                  + "\"job\":{\"type\":\"ledger\"}}",
              a.headers());
      assertThat(ownCreated.status()).as(ownCreated.text()).isEqualTo(201);
      assertThat(
              onlyEntrySince(a, before, "schedule.created", "schedule:" + own, List.of())
                  .attributes())
          .containsEntry("cron", "0 4 * * *");
      send(a, "DELETE", "/export-schedules/" + own, null, 204);
    }
  }

  // --- helpers --------------------------------------------------------------------------------

  private static long seq(String tenant) {
    return stack.apiBean(LedgerStore.class).head(tenant).seq();
  }

  /** Every entry appended to the tenant's ledger after {@code seq}, in seq order. */
  private static List<LedgerEntry> since(String tenant, long seq) {
    List<LedgerEntry> found = new ArrayList<>();
    stack.apiBean(LedgerStore.class).stream(
        new LedgerQuery(tenant, null, null, null, seq), found::add);
    return found;
  }

  /**
   * What the tenant's ledger gained since {@code before}: exactly one entry of {@code action} on
   * {@code resource} by {@code a}'s actor, and, for each of {@code runs} (scheduled runs the action
   * started, all finished), that run's requested, started and completed by {@code system}; the head
   * grew by exactly that many. Returns the action's entry.
   */
  private static LedgerEntry onlyEntrySince(
      Actor a, long before, String action, String resource, List<String> runs) {
    List<LedgerEntry> all = since(a.tenant(), before);
    List<String> runResources = runs.stream().map(r -> "export:" + r).toList();
    List<LedgerEntry> own = all.stream().filter(e -> !runResources.contains(e.resource())).toList();
    assertThat(own)
        .as("entries since seq %d after %s by %s", before, action, a.key())
        .extracting(LedgerEntry::action, LedgerEntry::resource, LedgerEntry::actor)
        .containsExactly(tuple(action, resource, a.actor()));
    for (String run : runResources) {
      assertThat(all.stream().filter(e -> e.resource().equals(run)).toList())
          .as("entries of the scheduled run %s", run)
          .extracting(LedgerEntry::action, LedgerEntry::actor)
          .containsExactlyInAnyOrder(
              tuple("export.requested", "system"),
              tuple("export.started", "system"),
              tuple("export.completed", "system"));
    }
    assertThat(seq(a.tenant()))
        .as("the head of %s's ledger after %s", a.tenant(), action)
        .isEqualTo(before + 1 + 3L * runs.size());
    return own.get(0);
  }

  /**
   * Waits for {@code count} runs of the schedule besides {@code known}, each completed with its
   * export.completed recorded (so that nothing of theirs arrives later); returns their ids.
   */
  private static List<String> awaitNewRuns(
      Actor a, String scheduleId, List<String> known, int count) {
    List<String> runs = new ArrayList<>();
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              RawHttp.Response r =
                  raw.send(
                      "GET", "/exports?pageSize=200&scheduleId=" + scheduleId, null, a.headers());
              assertThat(r.status()).as(r.text()).isEqualTo(200);
              List<String> fresh = new ArrayList<>();
              for (JsonNode job : r.json().get("items")) {
                String id = job.get("id").asText();
                if (!known.contains(id)) {
                  assertThat(job.get("status").asText()).as(id).isEqualTo("completed");
                  assertThat(entries(a.tenant(), "export.completed", id)).hasSize(1);
                  fresh.add(id);
                }
              }
              assertThat(fresh).hasSize(count);
              runs.clear();
              runs.addAll(fresh);
            });
    return runs;
  }

  private static void send(Actor a, String method, String path, String body, int status) {
    RawHttp.Response r = raw.send(method, path, body, a.headers());
    assertThat(r.status()).as("%s %s by %s: %s", method, path, a.key(), r.text()).isEqualTo(status);
  }

  private static String create(Actor a, String target) {
    RawHttp.Response r =
        raw.send(
            "POST",
            "/exports",
            "{\"type\":\"ledger\",\"target\":\""
                + target
                + "\",\"range\":{\"from\":\""
                + FROM
                + "\",\"to\":\""
                + TO
                + "\"}}",
            a.headers());
    assertThat(r.status()).as("create by %s: %s", a.key(), r.text()).isEqualTo(202);
    return r.json().get("id").asText();
  }

  private static JsonNode job(Actor a, String id) {
    RawHttp.Response r = raw.send("GET", "/exports/" + id, null, a.headers());
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json();
  }

  private static void awaitStatus(Actor a, String id, String status) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> job(a, id).get("status").asText().equals(status));
  }

  /**
   * Waits for the job's completion and its export.completed, which the workflow appends just after
   * the job shows completed: nothing of the job's arrives in a later test's ledger.
   */
  private static void awaitCompleted(Actor a, String id) {
    awaitStatus(a, id, "completed");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> expectOne(a.tenant(), "export.completed", id, "system"));
  }

  private static List<LedgerEntry> entries(String tenant, String action, String jobId) {
    return entriesOn(tenant, action, "export:" + jobId);
  }

  private static List<LedgerEntry> entriesOn(String tenant, String action, String resource) {
    List<LedgerEntry> found = new ArrayList<>();
    stack.apiBean(LedgerStore.class).stream(
        new LedgerQuery(
            tenant,
            null,
            null,
            new ExportFilters(null, List.of(action), List.of(resource), null),
            0),
        found::add);
    return found;
  }

  /** Exactly one entry of {@code action} on the job, by {@code actor}; returns it. */
  private static LedgerEntry expectOne(String tenant, String action, String jobId, String actor) {
    List<LedgerEntry> found = entries(tenant, action, jobId);
    assertThat(found).as("%s of %s in %s's ledger", action, jobId, tenant).hasSize(1);
    assertThat(found.get(0).actor()).as("actor of %s of %s", action, jobId).isEqualTo(actor);
    assertThat(found.get(0).outcome().wire())
        .isEqualTo(action.equals("export.failed") ? "failure" : "success");
    return found.get(0);
  }

  private static LedgerEntry expectOneOn(Actor a, String action, String scheduleId) {
    List<LedgerEntry> found = entriesOn(a.tenant(), action, "schedule:" + scheduleId);
    assertThat(found).as("%s of %s in %s's ledger", action, scheduleId, a.tenant()).hasSize(1);
    assertThat(found.get(0).actor()).isEqualTo(a.actor());
    return found.get(0);
  }
}
