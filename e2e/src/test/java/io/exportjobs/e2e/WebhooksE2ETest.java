package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15, done-when 3: completion webhooks against a real HTTP receiver on the real stack. The
 * signature is checked with the Standard Webhooks reference library (PyPI standardwebhooks), as a
 * receiver would check it. The retry budget and backoff are short here (the default budget is 24
 * hours); receivers on 127.0.0.1 are let through by the allow-list, as a deployment would configure
 * it.
 */
class WebhooksE2ETest {

  /** The longest wait between two attempts of a delivery here. */
  static final Duration MAX_RETRY_INTERVAL = Duration.ofSeconds(2);

  @RegisterExtension
  static final Stack stack =
      Stack.perClass(
          Map.of(
              "exportjobs.webhooks.allowed-networks", "127.0.0.0/8",
              "exportjobs.webhooks.first-retry", "PT1S",
              "exportjobs.webhooks.max-retry-interval", MAX_RETRY_INTERVAL.toString(),
              "exportjobs.webhooks.request-timeout", "PT1S",
              "exportjobs.webhooks.retry-budget", "PT10S"));

  static final Http http = stack.http("dev-demo-admin");
  static WebhookReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    RealServers.toolsPython();
    receiver = new WebhookReceiver();
  }

  @AfterAll
  static void stop() {
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void completedEventVerifiesWithTheSecretAndAfterRotationOnlyWithTheNewOne() throws Exception {
    JsonNode webhook = subscribe("/ok");
    String secret = webhook.get("secret").asText();
    assertThat(secret).startsWith("whsec_");
    try {
      String job = export();
      http.awaitStatus(job, "completed", Duration.ofSeconds(60), Duration.ofMillis(200));
      WebhookReceiver.Received got = awaitOne("/ok", job);
      JsonNode body = got.json();
      assertThat(body.get("type").asText()).isEqualTo("export.completed");
      assertThat(body.get("data").get("status").asText()).isEqualTo("completed");
      assertThat(body.get("data").get("artifact").get("downloadUrl").asText())
          .isEqualTo("/api/v1/exports/" + job + "/artifact");
      assertThat(got.headers().get("webhook-signature")).startsWith("v1,");
      assertThat(verify(got, secret)).startsWith("verified export.completed " + job);

      // the log says delivered, with the one attempt and the receiver's status
      JsonNode delivery = awaitDelivery(webhook, job, "delivered");
      assertThat(delivery.get("id").asText()).isEqualTo(got.headers().get("webhook-id"));
      assertThat(delivery.get("attempts")).hasSize(1);
      assertThat(delivery.get("attempts").get(0).get("statusCode").asInt()).isEqualTo(204);
      // and so does the ledger
      assertThat(ledgerActions(webhook))
          .contains("webhook.created", "webhook.delivery_attempted", "webhook.delivered");

      // a new secret: the next delivery verifies with it, and no longer with the old one
      JsonNode rotated =
          http.post("/webhooks/" + webhook.get("id").asText() + "/rotate-secret", "").json();
      String newSecret = rotated.get("secret").asText();
      assertThat(newSecret).isNotEqualTo(secret).startsWith("whsec_");
      String next = export();
      http.awaitStatus(next, "completed", Duration.ofSeconds(60), Duration.ofMillis(200));
      WebhookReceiver.Received after = awaitOne("/ok", next);
      assertThat(verify(after, newSecret)).startsWith("verified export.completed " + next);
      assertThat(verify(after, secret)).startsWith("refused");
      assertThat(ledgerActions(webhook)).contains("webhook.secret_rotated");
    } finally {
      unsubscribe(webhook);
    }
  }

  @Test
  void receiverAnswering500ThreeTimesGetsTheEventExactlyOnceMore() throws Exception {
    JsonNode webhook = subscribe("/flaky");
    try {
      String job = export();
      JsonNode delivery = awaitDelivery(webhook, job, "delivered");
      List<Integer> statuses = new ArrayList<>();
      delivery.get("attempts").forEach(a -> statuses.add(a.get("statusCode").asInt()));
      assertThat(statuses).containsExactly(500, 500, 500, 200);
      // the delivery is over: the receiver got four requests, the same message each time
      List<WebhookReceiver.Received> got = receiver.about("/flaky", job);
      assertThat(got).hasSize(4);
      assertThat(got)
          .extracting(r -> r.headers().get("webhook-id"))
          .containsOnly(delivery.get("id").asText());
      assertThat(delivery.get("attemptCount").asInt()).isEqualTo(4);
      // and it stays over: past twice the longest retry interval (PT2S here), no fifth request
      await()
          .during(MAX_RETRY_INTERVAL.multipliedBy(2))
          .atMost(MAX_RETRY_INTERVAL.multipliedBy(4))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> receiver.about("/flaky", job).size() == 4);
      assertThat(receiver.about("/flaky", job)).hasSize(4);
    } finally {
      unsubscribe(webhook);
    }
  }

  @Test
  void receiverThatNeverAnswersLeavesTheJobCompletedAndTheDeliveryFailed() throws Exception {
    JsonNode webhook = subscribe("/silent");
    try {
      String job = export();
      http.awaitStatus(job, "completed", Duration.ofSeconds(60), Duration.ofMillis(200));
      JsonNode delivery = awaitDelivery(webhook, job, "failed");
      assertThat(delivery.get("attempts").size()).isGreaterThanOrEqualTo(2);
      delivery
          .get("attempts")
          .forEach(
              a -> {
                assertThat(a.get("statusCode").isNull()).isTrue();
                assertThat(a.get("error").asText()).contains("no answer in time");
              });
      assertThat(delivery.get("lastError").asText()).contains("retry budget");
      assertThat(http.get("/exports/" + job).json().get("status").asText()).isEqualTo("completed");
      assertThat(ledgerActions(webhook)).contains("webhook.delivery_failed");
    } finally {
      unsubscribe(webhook);
    }
  }

  private static JsonNode subscribe(String path) {
    Http.Response created =
        http.post(
            "/webhooks", Map.of("url", receiver.url(path), "events", List.of("export.completed")));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    assertThat(created.header("Location")).endsWith(created.json().get("id").asText());
    return created.json();
  }

  private static void unsubscribe(JsonNode webhook) {
    assertThat(http.delete("/webhooks/" + webhook.get("id").asText()).status()).isEqualTo(204);
  }

  private static String export() {
    Http.Response r =
        http.post(
            "/exports",
            Map.of(
                "type",
                "ledger",
                "range",
                Map.of("from", "2026-10-01T00:00:00Z", "to", "2026-11-01T00:00:00Z")));
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    return r.json().get("id").asText();
  }

  private static WebhookReceiver.Received awaitOne(String path, String job) {
    await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.about(path, job).isEmpty());
    List<WebhookReceiver.Received> got = receiver.about(path, job);
    assertThat(got).hasSize(1);
    return got.get(0);
  }

  private static JsonNode awaitDelivery(JsonNode webhook, String job, String status) {
    String url = "/webhooks/" + webhook.get("id").asText() + "/deliveries";
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () ->
                delivery(url, job) != null
                    && delivery(url, job).get("status").asText().equals(status));
    return delivery(url, job);
  }

  private static JsonNode delivery(String url, String job) {
    for (JsonNode d : http.get(url).json().get("items")) {
      if (d.get("jobId").asText().equals(job)) {
        return d;
      }
    }
    return null;
  }

  private static List<String> ledgerActions(JsonNode webhook) {
    List<String> actions = new ArrayList<>();
    String resource = "webhook:" + webhook.get("id").asText();
    for (JsonNode e :
        http.get("/ledger/entries?pageSize=200&resource=" + resource).json().get("items")) {
      actions.add(e.get("action").asText());
    }
    return actions;
  }

  /** The reference library's verdict on one received webhook, with {@code secret}. */
  private static String verify(WebhookReceiver.Received got, String secret) throws Exception {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("secret", secret);
    message.put("headers", got.headers());
    message.put("body", got.body());
    Path file = Files.createTempFile("webhook-", ".json");
    Path out = Files.createTempFile("webhook-", ".out");
    try {
      Files.writeString(file, Json.write(message));
      Process p =
          new ProcessBuilder(
                  RealServers.toolsPython(),
                  Path.of("src", "test", "resources", "verify_webhook.py").toString(),
                  file.toString())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String printed = Files.readString(out, StandardCharsets.UTF_8).trim();
      assertThat(p.exitValue()).as(printed).isIn(0, 3);
      return printed;
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(out);
    }
  }
}
