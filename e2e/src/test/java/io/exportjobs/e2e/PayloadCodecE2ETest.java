package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Issue 7, done-when 6: with the codec enabled the history's payloads are encrypted (fetched raw
 * with {@code temporal workflow show --output json}), the job still completes, the codec endpoint
 * and {@code temporal --codec-endpoint} decode them, and the Web UI shows the input decoded through
 * the endpoint.
 */
class PayloadCodecE2ETest {

  static final Instant FROM = Instant.parse("2026-05-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-06-01T00:00:00Z");
  static final String ENCRYPTED = b64("binary/encrypted");
  static final String LABEL = "CODEC-UI-7";

  @RegisterExtension
  static final Stack stack =
      Stack.perClass(PayloadCodecE2ETest::codecSettings)
          .withEntries("demo", FROM, TO.minusSeconds(1), 500);

  static final Http http = stack.http("dev-demo-writer");
  static String jobId;
  static java.nio.file.Path brokenStore;

  /** The codec on with a new key, its endpoint open to the Web UI, and a target that fails. */
  static Map<String, String> codecSettings() {
    String uiOrigin =
        System.getenv()
            .getOrDefault("EXPORTJOBS_TEST_TEMPORAL_UI", "http://127.0.0.1:8233")
            .replaceAll("/+$", "");
    // a target whose root is a regular file: publishing there fails
    brokenStore = Stack.tempDir("exportjobs-codec-").resolve("store");
    try {
      java.nio.file.Files.writeString(brokenStore, "not a directory");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    byte[] k1 = new byte[32];
    new java.security.SecureRandom().nextBytes(k1);
    return Map.of(
        "exportjobs.temporal.codec.enabled", "true",
        "exportjobs.temporal.codec.keys.k1", Base64.getEncoder().encodeToString(k1),
        "exportjobs.temporal.codec.active-key", "k1",
        "exportjobs.temporal.codec.endpoint.enabled", "true",
        // the Web UI sends no API key: this endpoint trusts the network it is on
        "exportjobs.temporal.codec.endpoint.require-api-key", "false",
        "exportjobs.temporal.codec.endpoint.allowed-origins", uiOrigin,
        "exportjobs.artifacts.targets.broken.path", brokenStore.toString());
  }

  @BeforeAll
  static void start() throws Exception {
    jobId =
        http.post(
                "/exports",
                Map.of(
                    "type",
                    "ledger",
                    "range",
                    Map.of("from", FROM.toString(), "to", TO.toString()),
                    "labels",
                    Map.of("ticket", LABEL)))
            .json()
            .get("id")
            .asText();
    http.awaitStatus(jobId, "completed", Duration.ofSeconds(90), Duration.ofMillis(300));
  }

  @Test
  void historyPayloadsAreEncryptedAndTheEndpointDecodesThem() throws Exception {
    String cli = RealServers.temporalCliRequired();
    String raw =
        Cli.run(
            cli,
            "workflow",
            "show",
            "--address",
            stack.temporalAddress,
            "--workflow-id",
            jobId,
            "--output",
            "json");
    JsonNode history = Json.mapper().readTree(raw);
    List<JsonNode> payloads = new ArrayList<>();
    collectPayloads(history, payloads);
    // input, activity inputs and results, query-free history: dozens of payloads
    assertThat(payloads).hasSizeGreaterThan(10);
    for (JsonNode p : payloads) {
      assertThat(p.path("metadata").path("encoding").asText()).isEqualTo(ENCRYPTED);
      assertThat(p.path("metadata").path("encryption-key-id").asText()).isEqualTo(b64("k1"));
    }
    // the job's bookkeeping runs as local activities: their inputs are sealed like any payload
    List<JsonNode> localActivityInputs = new ArrayList<>();
    for (JsonNode event : history.path("events")) {
      JsonNode marker = event.path("markerRecordedEventAttributes");
      if ("LocalActivity".equals(marker.path("markerName").asText())) {
        marker.path("details").path("input").path("payloads").forEach(localActivityInputs::add);
      }
    }
    assertThat(localActivityInputs)
        .isNotEmpty()
        .allSatisfy(
            p -> assertThat(p.path("metadata").path("encoding").asText()).isEqualTo(ENCRYPTED));
    String withoutSearchAttributes = stripSearchAttributes(history).toString();
    assertThat(decodedStrings(withoutSearchAttributes)).doesNotContain(LABEL, "\"tenant\"");
    assertThat(withoutSearchAttributes).doesNotContain(LABEL);

    // the codec endpoint opens the workflow input: tenant, job id and labels in plain JSON
    JsonNode input =
        history.path("events").get(0).path("workflowExecutionStartedEventAttributes").path("input");
    JsonNode decoded = post("/codec/decode", input.toString(), null);
    JsonNode plain = decoded.path("payloads").get(0);
    assertThat(plain.path("metadata").path("encoding").asText()).isEqualTo(b64("json/plain"));
    String json = new String(Base64.getDecoder().decode(plain.path("data").asText()), UTF8);
    assertThat(json).contains("\"jobId\":\"" + jobId + "\"", "\"tenant\":\"demo\"", LABEL);

    // and encoding through it seals again, under the active key
    JsonNode reencoded = post("/codec/encode", decoded.toString(), null);
    assertThat(reencoded.path("payloads").get(0).path("metadata").path("encoding").asText())
        .isEqualTo(ENCRYPTED);

    // the CLI, pointed at the endpoint, shows the history decoded
    String viaCodec =
        Cli.run(
            cli,
            "workflow",
            "show",
            "--address",
            stack.temporalAddress,
            "--workflow-id",
            jobId,
            "--output",
            "json",
            "--codec-endpoint",
            "http://127.0.0.1:" + stack.apiPort + "/codec");
    assertThat(viaCodec).doesNotContain(ENCRYPTED);
  }

  @Test
  void aFailedJobKeepsItsErrorReadableInTheApiAndEncryptedInTheHistory() throws Exception {
    String id =
        http.post(
                "/exports",
                Map.of(
                    "type",
                    "ledger",
                    "range",
                    Map.of("from", FROM.toString(), "to", TO.toString()),
                    "target",
                    "broken"))
            .json()
            .get("id")
            .asText();
    JsonNode failed = http.awaitStatus(id, "failed", Duration.ofMinutes(2), Duration.ofMillis(300));
    // the worker decoded the activity's failure: the job's error is the real one
    assertThat(failed.path("error").path("code").asText()).isEqualTo("artifact_write_failed");
    assertThat(failed.path("error").path("message").asText())
        .isNotBlank()
        .isNotEqualTo("Encoded failure");

    JsonNode history =
        Json.mapper()
            .readTree(
                Cli.run(
                    RealServers.temporalCliRequired(),
                    "workflow",
                    "show",
                    "--address",
                    stack.temporalAddress,
                    "--workflow-id",
                    id,
                    "--output",
                    "json"));
    JsonNode last = history.path("events").get(history.path("events").size() - 1);
    JsonNode failure = last.path("workflowExecutionFailedEventAttributes").path("failure");
    assertThat(failure.path("message").asText()).isEqualTo("Encoded failure");
    assertThat(failure.path("encodedAttributes").path("metadata").path("encoding").asText())
        .isEqualTo(ENCRYPTED);
    // the failure type (the error code) stays readable, so operators can still search and sort
    assertThat(failure.path("applicationFailureInfo").path("type").asText())
        .isEqualTo("artifact_write_failed");

    JsonNode opened =
        post(
            "/codec/decode",
            "{\"payloads\":[" + failure.path("encodedAttributes").toString() + "]}",
            null);
    String attributes =
        new String(
            Base64.getDecoder().decode(opened.path("payloads").get(0).path("data").asText()), UTF8);
    assertThat(attributes).contains(failed.path("error").path("message").asText());
  }

  @Test
  void theEndpointAnswersTheWebUiOriginForCors() throws Exception {
    String origin =
        System.getenv()
            .getOrDefault("EXPORTJOBS_TEST_TEMPORAL_UI", "http://127.0.0.1:8233")
            .replaceAll("/+$", "");
    HttpResponse<String> preflight =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + stack.apiPort + "/codec/decode"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", origin)
                    .header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type,x-namespace")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(origin);

    HttpResponse<String> otherOrigin =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + stack.apiPort + "/codec/decode"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "http://evil.example")
                    .header("Access-Control-Request-Method", "POST")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(otherOrigin.statusCode()).isEqualTo(403);

    // bad input is a problem document, not a 500
    HttpResponse<String> bad =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + stack.apiPort + "/codec/decode"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"payloads\":[{\"metadata\":{\"encoding\":\""
                                + ENCRYPTED
                                + "\",\"encryption-key-id\":\""
                                + b64("nope")
                                + "\"},\"data\":\"AAAA\"}]}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
  }

  @Test
  void theWebUiShowsTheEncryptedInputDecodedThroughTheEndpoint() throws Exception {
    String ui = RealServers.temporalUi();
    ChromeDriver chrome = HeadlessChromium.start();
    try {
      // what an operator does in the Web UI's Codec Server settings ("use my browser setting
      // and ignore the cluster-level setting"): the UI keeps it in local storage
      chrome.get(ui + "/namespaces/default/workflows");
      chrome.executeScript(
          "localStorage.setItem('endpoint', JSON.stringify(arguments[0]));"
              + "localStorage.setItem('overrideRemoteCodecConfiguration', 'true');",
          "http://127.0.0.1:" + stack.apiPort + "/codec");
      chrome.get(ui + "/namespaces/default/workflows/" + jobId);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> assertThat(chrome.findElement(By.tagName("body")).getText()).contains(LABEL));
      HeadlessChromium.screenshot(chrome, "codec-decoded-input");
      assertThat(chrome.findElement(By.tagName("body")).getText()).doesNotContain(ENCRYPTED);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      HeadlessChromium.screenshot(chrome, "codec-decoded-input-failed");
      chrome
          .manage()
          .logs()
          .get(org.openqa.selenium.logging.LogType.BROWSER)
          .forEach(l -> System.err.println("browser: " + l));
      throw e;
    } finally {
      chrome.quit();
    }
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static JsonNode post(String path, String body, String apiKey) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.apiPort + path))
            .header("Content-Type", "application/json")
            .header("X-Namespace", "default")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (apiKey != null) {
      b.header("X-API-Key", apiKey);
    }
    HttpResponse<String> r =
        HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.mapper().readTree(r.body());
  }

  /** What the SDK writes into a {@code LocalActivity} marker with its standard converter. */
  private static final Set<String> LOCAL_ACTIVITY_MARKER_METADATA =
      Set.of("type", "activityId", "time", "meta");

  /**
   * Every payload object in the history, except search attributes (indexed, never encoded), the
   * SDK's own {@code Version} markers (Workflow.getVersion) and the type, id, time and attempt of a
   * {@code LocalActivity} marker, which the SDK writes with its standard converter: they hold no
   * data of the job, and the plaintext check over the whole history still covers them. A local
   * activity's input and result are collected.
   */
  private static void collectPayloads(JsonNode node, List<JsonNode> out) {
    if (node.isObject()) {
      if ("Version".equals(node.path("markerName").asText())) {
        return;
      }
      if ("LocalActivity".equals(node.path("markerName").asText())) {
        node.path("details")
            .fields()
            .forEachRemaining(
                d -> {
                  if (!LOCAL_ACTIVITY_MARKER_METADATA.contains(d.getKey())) {
                    collectPayloads(d.getValue(), out);
                  }
                });
        return;
      }
      if (node.has("metadata") && node.path("metadata").has("encoding")) {
        out.add(node);
        return;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        if (!f.getKey().equals("searchAttributes")) {
          collectPayloads(f.getValue(), out);
        }
      }
    } else if (node.isArray()) {
      node.forEach(n -> collectPayloads(n, out));
    }
  }

  private static JsonNode stripSearchAttributes(JsonNode node) {
    JsonNode copy = node.deepCopy();
    strip(copy);
    return copy;
  }

  private static void strip(JsonNode node) {
    if (node.isObject()) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) node).remove("searchAttributes");
      node.forEach(PayloadCodecE2ETest::strip);
    } else if (node.isArray()) {
      node.forEach(PayloadCodecE2ETest::strip);
    }
  }

  /** Every base64-looking string of the JSON decoded, to find plaintext hidden in base64. */
  private static String decodedStrings(String json) {
    StringBuilder sb = new StringBuilder();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"([A-Za-z0-9+/]{8,}={0,2})\"").matcher(json);
    while (m.find()) {
      try {
        sb.append(new String(Base64.getDecoder().decode(m.group(1)), UTF8)).append('\n');
      } catch (IllegalArgumentException e) {
        // not base64 after all
      }
    }
    return sb.toString();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
