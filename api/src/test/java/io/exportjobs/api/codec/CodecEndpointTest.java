package io.exportjobs.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The codec endpoint with its secure default: an API key with {@code tenants:operate} is required,
 * since the payloads are every tenant's (a tenant's own admin is refused).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.MOCK,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:codec-${random.uuid};DB_CLOSE_DELAY=-1",
      "spring.datasource.username=sa",
      "spring.datasource.password=",
      "exportjobs.data-dir=${java.io.tmpdir}/exportjobs-codec-test",
      "exportjobs.temporal.codec.enabled=true",
      "exportjobs.temporal.codec.keys.k1=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
      "exportjobs.temporal.codec.active-key=k1",
      "exportjobs.temporal.codec.endpoint.enabled=true",
      "exportjobs.temporal.codec.endpoint.allowed-origins=http://ui.example:8233"
    })
@AutoConfigureMockMvc
@ActiveProfiles("test")
class CodecEndpointTest {

  static final String PLAIN =
      "{\"payloads\":[{\"metadata\":{\"encoding\":\""
          + b64("json/plain")
          + "\"},\"data\":\""
          + b64("{\"tenant\":\"demo\"}")
          + "\"}]}";

  @Autowired MockMvc mvc;
  @Autowired JsonMapper json;

  @Test
  void theOperatorsKeyEncodesAndDecodes() throws Exception {
    String sealed =
        mvc.perform(
                post("/codec/encode")
                    .header("X-API-Key", "dev-operator")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(PLAIN))
            .andExpect(status().isOk())
            .andExpect(jsonPath("$.payloads[0].metadata.encoding").value(b64("binary/encrypted")))
            .andExpect(jsonPath("$.payloads[0].metadata['encryption-key-id']").value(b64("k1")))
            .andReturn()
            .getResponse()
            .getContentAsString();
    assertThat(sealed).doesNotContain(b64("{\"tenant\":\"demo\"}"));

    String opened =
        mvc.perform(
                post("/codec/decode")
                    .header("X-API-Key", "dev-operator")
                    .header("X-Namespace", "default")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(sealed))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString();
    JsonNode payload = json.readTree(opened).path("payloads").get(0);
    assertThat(payload.path("metadata").path("encoding").asText()).isEqualTo(b64("json/plain"));
    assertThat(payload.path("data").asText()).isEqualTo(b64("{\"tenant\":\"demo\"}"));
  }

  @Test
  void withoutAKeyOrWithoutTheOperatorScopeItRefuses() throws Exception {
    mvc.perform(post("/codec/decode").contentType(MediaType.APPLICATION_JSON).content(PLAIN))
        .andExpect(status().isUnauthorized())
        .andExpect(jsonPath("$.code").value("unauthenticated"));
    for (String key : new String[] {"dev-demo-reader", "dev-demo-admin", "dev-acme-admin"}) {
      mvc.perform(
              post("/codec/decode")
                  .header("X-API-Key", key)
                  .contentType(MediaType.APPLICATION_JSON)
                  .content(PLAIN))
          .andExpect(status().isForbidden())
          .andExpect(jsonPath("$.code").value("forbidden"));
    }
  }

  @Test
  void badPayloadsAreProblemsNotErrors() throws Exception {
    mvc.perform(
            post("/codec/decode")
                .header("X-API-Key", "dev-operator")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"payloads\":[{\"metadata\":{\"encoding\":\"%%%\"},\"data\":\"\"}]}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.code").value("validation_failed"));
    mvc.perform(
            post("/codec/decode")
                .header("X-API-Key", "dev-operator")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{}"))
        .andExpect(status().isBadRequest());
    mvc.perform(
            post("/codec/decode")
                .header("X-API-Key", "dev-operator")
                .contentType(MediaType.APPLICATION_JSON)
                .content("not json"))
        .andExpect(status().isBadRequest());
  }

  @Test
  void corsAnswersOnlyTheConfiguredUiOrigin() throws Exception {
    mvc.perform(
            options("/codec/decode")
                .header("Origin", "http://ui.example:8233")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-namespace"))
        .andExpect(status().isOk())
        .andExpect(header().string("Access-Control-Allow-Origin", "http://ui.example:8233"));
    mvc.perform(
            options("/codec/decode")
                .header("Origin", "http://elsewhere.example")
                .header("Access-Control-Request-Method", "POST"))
        .andExpect(status().isForbidden());
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
