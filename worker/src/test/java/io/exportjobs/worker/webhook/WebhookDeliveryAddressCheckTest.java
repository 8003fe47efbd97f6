package io.exportjobs.worker.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.exportjobs.pack.ledger.LedgerEntry;
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
import io.exportjobs.worker.webhook.workflow.WebhookActivities;
import io.exportjobs.worker.webhook.workflow.WebhookDeliveryWorkflow;
import io.exportjobs.worker.webhook.workflow.WebhookDeliveryWorkflowImpl;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The worker checks a receiver's addresses again at every delivery, not only the api when the URL
 * was registered: a subscription whose host is (or has come to resolve to, as with DNS rebinding) a
 * loopback address gets no request under a policy that refuses loopback. The delivery fails at its
 * first attempt with {@code receiver_not_allowed}, not retried. A real HTTP server on 127.0.0.1
 * that counts what reaches it, the real delivery workflow and activities in the time-skipping test
 * server, a real delivery log and ledger (H2).
 */
class WebhookDeliveryAddressCheckTest {

  private static final String TENANT = "demo";
  private static final String SUBSCRIPTION = "wh_01JD0000000000000000000001";
  private static final String DELIVERY = "msg_rebound";
  private static final String TASK_QUEUE = "exports";
  private static final Instant CREATED = Instant.parse("2026-11-01T00:00:00Z");

  private final AtomicInteger requests = new AtomicInteger();
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
        "/hook",
        exchange -> {
          try (exchange) {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
          }
        });
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
            new ReceiverPolicy(false, List.of()), // as in prod: loopback refused, no allow-list
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

  /**
   * {@code 127.0.0.1} as registered, and {@code localhost}: a name that resolves to loopback when
   * the delivery runs, whatever it resolved to when the api checked it.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"127.0.0.1", "localhost"})
  void aLoopbackReceiverGetsNoRequestAndTheDeliveryFailsAtOnce(String host) {
    String url = "http://" + host + ":" + receiver.getAddress().getPort() + "/hook";
    // the api's check passed once (say, before the name was re-pointed): the row exists as is
    subscriptions.insert(
        new WebhookSubscription(
            SUBSCRIPTION,
            TENANT,
            url,
            List.of("export.completed"),
            "rebinding test",
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
    String workflowId = "webhook-" + TENANT + "-" + DELIVERY;
    WebhookDeliveryWorkflow workflow =
        temporal
            .getWorkflowClient()
            .newWorkflowStub(
                WebhookDeliveryWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(workflowId)
                    .setTaskQueue(TASK_QUEUE)
                    .build());

    String outcome =
        workflow.deliver(
            new DeliveryRequest(
                DELIVERY,
                TENANT,
                SUBSCRIPTION,
                "export.completed",
                "exp-demo-1",
                Duration.ofHours(24),
                Duration.ofSeconds(10),
                Duration.ofHours(1),
                Duration.ofSeconds(10)));

    // nothing reached the receiver
    assertThat(requests.get()).isZero();
    // the delivery failed after exactly one attempt, which had no answer, and says why
    assertThat(outcome).isEqualTo(WebhookDelivery.FAILED);
    WebhookDelivery delivery = deliveries.deliveries(TENANT, SUBSCRIPTION, 10, null).get(0);
    assertThat(delivery.status()).isEqualTo(WebhookDelivery.FAILED);
    assertThat(delivery.attemptCount()).isEqualTo(1);
    assertThat(delivery.attempts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.statusCode()).isNull();
              assertThat(a.error()).contains("a loopback address");
            });
    assertThat(delivery.lastError())
        .startsWith("url its host " + host + " is ")
        .contains("a loopback address; receivers must be on public addresses");
    // the activity failed once, non-retryable, with the type receiver_not_allowed
    List<HistoryEvent> failures =
        temporal.getWorkflowClient().fetchHistory(workflowId).getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED)
            .toList();
    assertThat(failures)
        .singleElement()
        .satisfies(
            e -> {
              var failure = e.getActivityTaskFailedEventAttributes().getFailure();
              assertThat(failure.getApplicationFailureInfo().getType())
                  .isEqualTo(WebhookActivities.RECEIVER_NOT_ALLOWED)
                  .isEqualTo("receiver_not_allowed");
              assertThat(failure.getApplicationFailureInfo().getNonRetryable()).isTrue();
            });
    assertThat(
            temporal.getWorkflowClient().fetchHistory(workflowId).getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
                .filter(
                    e ->
                        e.getActivityTaskStartedEventAttributes().getAttempt() > 1
                            || e.getActivityTaskStartedEventAttributes().getAttempt() == 0))
        .isEmpty();
    // and the ledger: one attempt, then the delivery failed
    List<String> actions =
        ledger.page(new LedgerQuery(TENANT, null, null, ExportFilters.none(), 0), 100).stream()
            .map(LedgerEntry::action)
            .toList();
    assertThat(actions).containsExactly("webhook.delivery_attempted", "webhook.delivery_failed");
  }
}
