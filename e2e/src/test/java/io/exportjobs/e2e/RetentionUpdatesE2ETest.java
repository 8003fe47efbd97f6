package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.shared.export.JobIndex;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PATCH /exports/{id} (update {@code setRetention}) and DELETE /exports/{id}/artifact (update
 * {@code deleteArtifact}) on the real dev server: the new expiresAt counted from completedAt, the
 * policy's bounds checked first, 409 once no longer completed, 404 for another tenant.
 */
class RetentionUpdatesE2ETest {

  static Stack stack;
  static Http http;
  static RawHttp raw;

  @BeforeAll
  static void start() throws Exception {
    stack = Stack.withWorker(Map.of());
    http = new Http(stack.baseUrl(), "dev-demo-writer");
    raw = new RawHttp(stack.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static String completedJob() {
    Http.Response created =
        http.post(
            "/exports",
            Map.of(
                "type",
                "ledger",
                "range",
                Map.of("from", "2026-10-01T00:00:00Z", "to", "2026-11-01T00:00:00Z")));
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    String id = created.json().get("id").asText();
    http.awaitStatus(id, "completed", Duration.ofMinutes(2), Duration.ofMillis(200));
    return id;
  }

  private static RawHttp.Response as(String key, String method, String path, String body) {
    return raw.send(method, path, body, "X-API-Key", key);
  }

  @Test
  void patchMovesExpiresAtWithinThePolicyAndTheJobIndexFollows() {
    String id = completedJob();
    JsonNode before = http.get("/exports/" + id).json();
    Instant completedAt = Instant.parse(before.get("completedAt").asText());

    RawHttp.Response outside =
        as("dev-demo-writer", "PATCH", "/exports/" + id, "{\"retention\":\"P400D\"}");
    assertThat(outside.status()).as(outside.text()).isEqualTo(422);
    assertThat(outside.json().get("code").asText()).isEqualTo("out_of_bounds");
    assertThat(as("dev-acme-admin", "PATCH", "/exports/" + id, "{\"retention\":\"P90D\"}").status())
        .isEqualTo(404);

    RawHttp.Response patched =
        as("dev-demo-writer", "PATCH", "/exports/" + id, "{\"retention\":\"P90D\"}");
    assertThat(patched.status()).as(patched.text()).isEqualTo(200);
    Instant expected = completedAt.plus(Duration.ofDays(90));
    assertThat(Instant.parse(patched.json().get("expiresAt").asText())).isEqualTo(expected);
    assertThat(patched.json().get("retention").asText()).isEqualTo("P90D");
    assertThat(patched.json().get("status").asText()).isEqualTo("completed");
    // the workflow writes the job index through its activity: it follows
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                expected.equals(
                    stack.apiBean(JobIndex.class).findById(id).orElseThrow().job().expiresAt()));
    assertThat(http.get("/exports/" + id).json().get("expiresAt").asText())
        .isEqualTo(expected.toString());
  }

  @Test
  void deleteArtifactExpiresTheJobNowAndThen409() {
    String id = completedJob();
    assertThat(as("dev-acme-admin", "DELETE", "/exports/" + id + "/artifact", null).status())
        .isEqualTo(404);
    assertThat(as("dev-demo-reader", "DELETE", "/exports/" + id + "/artifact", null).status())
        .isEqualTo(403);
    RawHttp.Response deleted =
        as("dev-demo-writer", "DELETE", "/exports/" + id + "/artifact", null);
    assertThat(deleted.status()).as(deleted.text()).isEqualTo(202);
    assertThat(deleted.json().get("status").asText()).isEqualTo("expired");
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> http.get("/exports/" + id).json().get("status").asText().equals("expired"));
    assertThat(http.get("/exports/" + id + "/artifact").status()).isEqualTo(410);

    RawHttp.Response again = as("dev-demo-writer", "DELETE", "/exports/" + id + "/artifact", null);
    assertThat(again.status()).as(again.text()).isEqualTo(409);
    assertThat(again.header("Content-Type")).startsWith("application/problem+json");
    RawHttp.Response patch =
        as("dev-demo-writer", "PATCH", "/exports/" + id, "{\"retention\":\"P90D\"}");
    assertThat(patch.status()).as(patch.text()).isEqualTo(409);
    assertThat(patch.json().get("code").asText()).isEqualTo("conflict");
  }
}
