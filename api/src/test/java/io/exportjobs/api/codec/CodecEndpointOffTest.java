package io.exportjobs.api.codec;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.exportjobs.api.testing.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The codec endpoint is off unless configured: nothing decrypts payloads by default. */
class CodecEndpointOffTest extends ApiTestSupport {

  @Test
  void theCodecEndpointIsNotServedByDefault() throws Exception {
    mvc.perform(
            post("/codec/decode")
                .header("X-API-Key", ADMIN)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"payloads\":[]}"))
        .andExpect(status().isNotFound());
  }
}
