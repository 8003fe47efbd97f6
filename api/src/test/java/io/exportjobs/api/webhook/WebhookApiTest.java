package io.exportjobs.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.exportjobs.api.testing.ApiTestSupport;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.shared.ledger.LedgerQuery;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/**
 * {@code /webhooks} in the test profile: create answers the secret once, list and get never show
 * it, rotate replaces it, delete removes the subscription; each change is in the tenant's ledger
 * (without the secret); bad input is a 400 or 422 problem.
 */
class WebhookApiTest extends ApiTestSupport {

  static final String HOOKS = "/api/v1/webhooks";

  @Test
  void createListRotateDelete() {
    String tenant = freshTenant();
    MvcResult created =
        perform(
            postJsonAsTenant(
                HOOKS, tenant, "{\"url\":\"http://127.0.0.1:9/hook\",\"description\":\"ci\"}"));
    assertThat(created.getResponse().getStatus()).isEqualTo(201);
    Map<String, Object> hook = body(created);
    String id = (String) hook.get("id");
    String secret = (String) hook.get("secret");
    assertThat(id).matches("wh_[0-9A-Z]{26}");
    assertThat(secret).startsWith("whsec_");
    assertThat(created.getResponse().getHeader("Location")).isEqualTo(HOOKS + "/" + id);
    assertThat(hook.get("events"))
        .isEqualTo(
            List.of("export.completed", "export.failed", "export.cancelled", "export.expired"));

    String listed = safeContent(perform(getAsTenant(HOOKS, tenant)));
    assertThat(listed).contains(id).doesNotContain("\"secret\"").doesNotContain(secret);
    assertThat(safeContent(perform(getAsTenant(HOOKS + "/" + id, tenant)))).doesNotContain(secret);

    MvcResult rotated = perform(asTenant(post(HOOKS + "/" + id + "/rotate-secret"), tenant));
    assertThat(rotated.getResponse().getStatus()).isEqualTo(200);
    String newSecret = (String) body(rotated).get("secret");
    assertThat(newSecret).startsWith("whsec_").isNotEqualTo(secret);
    assertThat(body(rotated).get("secretRotatedAt")).isNotNull();

    assertThat(perform(asTenant(delete(HOOKS + "/" + id), tenant)).getResponse().getStatus())
        .isEqualTo(204);
    assertThat(perform(getAsTenant(HOOKS + "/" + id, tenant)).getResponse().getStatus())
        .isEqualTo(404);
    assertThat(
            perform(getAsTenant(HOOKS + "/" + id + "/deliveries", tenant))
                .getResponse()
                .getStatus())
        .isEqualTo(404);

    List<LedgerEntry> entries = ledger.page(new LedgerQuery(tenant, null, null, null, 0), 100);
    assertThat(entries)
        .extracting(LedgerEntry::action)
        .containsExactly("webhook.created", "webhook.secret_rotated", "webhook.deleted");
    assertThat(entries).allSatisfy(e -> assertThat(e.resource()).isEqualTo("webhook:" + id));
    assertThat(entries.toString()).doesNotContain(secret).doesNotContain(newSecret);
  }

  @Test
  void anotherTenantsWebhookIsNotFound() {
    String owner = freshTenant();
    String id =
        (String)
            body(perform(postJsonAsTenant(HOOKS, owner, "{\"url\":\"http://127.0.0.1:9/\"}")))
                .get("id");
    String other = freshTenant();
    assertThat(perform(getAsTenant(HOOKS + "/" + id, other)).getResponse().getStatus())
        .isEqualTo(404);
    assertThat(perform(asTenant(delete(HOOKS + "/" + id), other)).getResponse().getStatus())
        .isEqualTo(404);
  }

  @Test
  void badInputIsAProblem() {
    String tenant = freshTenant();
    assertProblem(postJsonAsTenant(HOOKS, tenant, "{}"), 400, "validation_failed");
    assertProblem(
        postJsonAsTenant(
            HOOKS, tenant, "{\"url\":\"http://127.0.0.1:9/\",\"events\":[\"export.started\"]}"),
        400,
        "validation_failed");
    assertProblem(
        postJsonAsTenant(HOOKS, tenant, "{\"url\":\"http://127.0.0.1:9/\",\"events\":[]}"),
        400,
        "validation_failed");
    // whatever the profile, only http(s), and no credentials in the URL
    assertProblem(
        postJsonAsTenant(HOOKS, tenant, "{\"url\":\"file:///etc/passwd\"}"),
        422,
        "receiver_not_allowed");
    assertProblem(
        postJsonAsTenant(HOOKS, tenant, "{\"url\":\"ftp://127.0.0.1/x\"}"),
        422,
        "receiver_not_allowed");
    assertProblem(
        postJsonAsTenant(HOOKS, tenant, "{\"url\":\"http://user:pw@127.0.0.1/x\"}"),
        422,
        "receiver_not_allowed");
    // a reader may list, not subscribe
    assertProblem(postJson(HOOKS, READER, "{\"url\":\"http://127.0.0.1:9/\"}"), 403, "forbidden");
    assertThat(ledger.page(new LedgerQuery(tenant, null, null, null, 0), 10)).isEmpty();
  }

  private void assertProblem(
      org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request,
      int status,
      String code) {
    MvcResult result = perform(request);
    assertThat(result.getResponse().getStatus()).as(safeContent(result)).isEqualTo(status);
    assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
    assertThat(body(result).get("code")).isEqualTo(code);
  }
}
