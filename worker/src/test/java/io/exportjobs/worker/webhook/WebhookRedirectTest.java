package io.exportjobs.worker.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.TestDatabase;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.ledger.LedgerQuery;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.webhook.ReceiverPolicy;
import io.exportjobs.shared.webhook.WebhookDelivery;
import io.exportjobs.shared.webhook.WebhookDeliveryStore;
import io.exportjobs.shared.webhook.WebhookSigner;
import io.exportjobs.shared.webhook.WebhookSubscription;
import io.exportjobs.shared.webhook.WebhookSubscriptionStore;
import io.exportjobs.worker.webhook.workflow.DeliveryRequest;
import io.exportjobs.worker.webhook.workflow.WebhookDeliveryWorkflow;
import io.exportjobs.worker.webhook.workflow.WebhookDeliveryWorkflowImpl;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A receiver that answers a delivery with a redirect does not get it re-sent to the Location: each
 * answer is an attempt that failed with that status (delivery log and ledger), retried at the same
 * URL until the retry budget is spent, and then the delivery failed. A real HTTP server on
 * 127.0.0.1, the real delivery workflow and activities in the time-skipping test server, a real
 * delivery log and ledger (H2).
 */
class WebhookRedirectTest {

  private static final String TENANT = "demo";
  private static final String SUBSCRIPTION = "wh_01JD0000000000000000000000";
  private static final String DELIVERY = "msg_redirect";
  private static final String TASK_QUEUE = "exports";
  private static final Duration BUDGET = Duration.ofMinutes(1);
  private static final Instant CREATED = Instant.parse("2026-11-01T00:00:00Z");

  /** What the receiver got, per path: one line per request, "METHOD path webhook-id". */
  private final List<String> hook = new CopyOnWriteArrayList<>();

  private final List<String> moved = new CopyOnWriteArrayList<>();
  private volatile int hookStatus;

  private HttpServer receiver;
  private TestDatabase db;
  private WebhookSubscriptionStore subscriptions;
  private WebhookDeliveryStore deliveries;
  private LedgerStore ledger;
  private TestWorkflowEnvironment temporal;

  @BeforeEach
  void setUp() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook", exchange -> answer(exchange, hook, hookStatus, base() + "/moved?from=hook"));
    receiver.createContext("/moved", exchange -> answer(exchange, moved, 204, null));
    receiver.start();

    db = TestDatabase.create();
    Clock clock = Clock.systemUTC();
    subscriptions = new WebhookSubscriptionStore(db.jdbcClient());
    deliveries = new WebhookDeliveryStore(db.jdbcClient());
    ledger = new LedgerStore(db.jdbcClient(), db.jdbcTemplate(), db.tx(), clock);
    temporal = TestWorkflowEnvironment.newInstance();
    Worker worker = temporal.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(WebhookDeliveryWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new WebhookActivitiesImpl(
            subscriptions,
            deliveries,
            ledger,
            temporal.getWorkflowClient(),
            new ReceiverPolicy(true, List.of()), // as in the test profile: loopback allowed
            new WebhookProperties(null, null, null, null),
            clock,
            TASK_QUEUE));
    temporal.start();
  }

  @AfterEach
  void tearDown() {
    if (temporal != null) {
      temporal.close();
    }
    if (db != null) {
      db.close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  private String base() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, List<String> log, int status, String location)
      throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      log.add(
          exchange.getRequestMethod()
              + " "
              + exchange.getRequestURI().getPath()
              + " "
              + exchange.getRequestHeaders().getFirst("webhook-id"));
      if (location != null) {
        exchange.getResponseHeaders().add("Location", location);
      }
      exchange.sendResponseHeaders(status, -1);
    }
  }

  /** A subscription to {@code path} of the receiver, and one pending delivery for it. */
  private DeliveryRequest pendingDelivery(String path) {
    subscriptions.insert(
        new WebhookSubscription(
            SUBSCRIPTION,
            TENANT,
            base() + path,
            List.of("export.completed"),
            "redirect test",
            WebhookSigner.newSecret(),
            CREATED,
            "dev-demo-writer",
            null));
    deliveries.insertDelivery(
        new WebhookDelivery(
            DELIVERY,
            TENANT,
            SUBSCRIPTION,
            "export.completed",
            "exp-demo-1",
            WebhookDelivery.PENDING,
            0,
            null,
            CREATED,
            null,
            List.of()),
        "{\"type\":\"export.completed\",\"timestamp\":\"2026-11-01T00:00:00Z\",\"data\":{}}");
    return new DeliveryRequest(
        DELIVERY,
        TENANT,
        SUBSCRIPTION,
        "export.completed",
        "exp-demo-1",
        BUDGET,
        Duration.ofSeconds(10),
        Duration.ofHours(1),
        Duration.ofSeconds(10));
  }

  /** The delivery workflow as notify starts it; its retries are skipped through in test time. */
  private String deliver(DeliveryRequest request) {
    WebhookDeliveryWorkflow delivery =
        temporal
            .getWorkflowClient()
            .newWorkflowStub(
                WebhookDeliveryWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("webhook-" + TENANT + "-" + request.deliveryId())
                    .setTaskQueue(TASK_QUEUE)
                    .build());
    return delivery.deliver(request);
  }

  private List<LedgerEntry> ledgerEntries() {
    return ledger.page(new LedgerQuery(TENANT, null, null, ExportFilters.none(), 0), 100);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(ints = {302, 307, 308})
  void aRedirectIsNotFollowedAndEachAttemptFailsWithItsStatus(int status) {
    hookStatus = status;
    String answered = "the receiver answered " + status;

    String outcome = deliver(pendingDelivery("/hook"));

    // every attempt went to the registered URL, none to the Location
    assertThat(moved).isEmpty();
    assertThat(hook).isNotEmpty().allMatch(("POST /hook " + DELIVERY)::equals);
    int attempts = hook.size();
    // retried until the budget was spent, then failed: as GET /webhooks/{id}/deliveries shows it
    assertThat(outcome).isEqualTo(WebhookDelivery.FAILED);
    WebhookDelivery delivery = deliveries.deliveries(TENANT, SUBSCRIPTION, 10, null).get(0);
    assertThat(delivery.status()).isEqualTo(WebhookDelivery.FAILED);
    assertThat(delivery.attemptCount()).isEqualTo(attempts);
    assertThat(delivery.lastError())
        .isEqualTo(
            "the retry budget of "
                + BUDGET
                + " is spent; last attempt "
                + attempts
                + ": "
                + answered);
    assertThat(delivery.attempts()).hasSize(attempts);
    for (int i = 0; i < attempts; i++) {
      WebhookDelivery.Attempt a = delivery.attempts().get(i);
      assertThat(a.attempt()).isEqualTo(i + 1);
      assertThat(a.statusCode()).isEqualTo(status);
      assertThat(a.error()).isEqualTo(answered);
    }
    // and the tenant's ledger: each attempt failed with the status, then the delivery failed
    List<LedgerEntry> entries = ledgerEntries();
    assertThat(entries).allSatisfy(e -> assertThat(e.actor()).isEqualTo("system"));
    assertThat(entries).allSatisfy(e -> assertThat(e.outcome()).isEqualTo(Outcome.FAILURE));
    assertThat(entries)
        .allSatisfy(e -> assertThat(e.resource()).isEqualTo("webhook:" + SUBSCRIPTION));
    List<LedgerEntry> tried =
        entries.stream().filter(e -> e.action().equals("webhook.delivery_attempted")).toList();
    assertThat(tried).hasSize(attempts);
    for (int i = 0; i < attempts; i++) {
      Map<String, Object> attributes = tried.get(i).attributes();
      assertThat(attributes).containsEntry("deliveryId", DELIVERY).containsEntry("error", answered);
      assertThat(((Number) attributes.get("statusCode")).intValue()).isEqualTo(status);
      assertThat(((Number) attributes.get("attempt")).intValue()).isEqualTo(i + 1);
    }
    assertThat(entries.get(entries.size() - 1).action()).isEqualTo("webhook.delivery_failed");
    assertThat(entries).hasSize(attempts + 1);
  }

  /** The Location is a working receiver: what it did not get, it was not sent. */
  @Test
  void theLocationAcceptsADeliverySentToItDirectly() {
    String outcome = deliver(pendingDelivery("/moved"));

    assertThat(outcome).isEqualTo(WebhookDelivery.DELIVERED);
    assertThat(moved).containsExactly("POST /moved " + DELIVERY);
    assertThat(deliveries.deliveries(TENANT, SUBSCRIPTION, 10, null).get(0).attempts())
        .singleElement()
        .satisfies(a -> assertThat(a.statusCode()).isEqualTo(204));
  }
}
