package io.exportjobs.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Issue 15, done-when 5: in the {@code prod} profile, {@code POST /webhooks} with a receiver on
 * 127.0.0.1, on 10.0.0.1 or at {@code file://} is refused 422 {@code receiver_not_allowed} with a
 * clear message, when it is validated, and nothing ever connects to the receiver.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.MOCK,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:prod-${random.uuid};DB_CLOSE_DELAY=-1",
      "spring.datasource.username=sa",
      "spring.datasource.password=",
      "exportjobs.security.api-keys[0].name=prod-admin",
      // sha256("prod-test-key")
      "exportjobs.security.api-keys[0].sha256="
          + "a16b6b401542c8f3290af8628a0e75f340bcd3327af91eab405e8729cd1cfaf4",
      "exportjobs.security.api-keys[0].tenant=demo",
      "exportjobs.security.api-keys[0].scopes=exports:read,exports:write"
    })
@AutoConfigureMockMvc
@ActiveProfiles("prod")
class WebhookProdProfileTest {

  @Autowired MockMvc mvc;

  @Test
  void loopbackPrivateAndFileReceiversAreRefusedWithoutAConnection() throws Exception {
    try (ServerSocketChannel receiver = ServerSocketChannel.open()) {
      receiver.bind(new InetSocketAddress("127.0.0.1", 0));
      receiver.configureBlocking(false);
      int port = receiver.socket().getLocalPort();
      for (String url :
          List.of(
              "http://127.0.0.1:" + port + "/hook",
              "http://[::1]:" + port + "/hook",
              "http://localhost:" + port + "/hook",
              "http://10.0.0.1/hook",
              "https://192.168.1.20/hook",
              "http://169.254.169.254/latest/meta-data",
              "file:///etc/passwd")) {
        MvcResult r = create(url);
        String body = r.getResponse().getContentAsString();
        assertThat(r.getResponse().getStatus()).as(url + ": " + body).isEqualTo(422);
        assertThat(body)
            .contains("\"code\":\"receiver_not_allowed\"")
            .contains("\"field\":\"url\"");
      }
      assertThat(create("http://127.0.0.1:" + port + "/hook").getResponse().getContentAsString())
          .contains("127.0.0.1, a loopback address");
      assertThat(create("http://10.0.0.1/hook").getResponse().getContentAsString())
          .contains("10.0.0.1, a private address");
      assertThat(create("file:///etc/passwd").getResponse().getContentAsString())
          .contains("must be an http or https URL, not file:");
      // a completed TCP handshake would wait in the backlog: there is none
      assertThat(receiver.accept()).isNull();
    }
  }

  @Test
  void theDevKeysAreRefusedHereToo() throws Exception {
    MvcResult r =
        mvc.perform(
                post("/api/v1/webhooks")
                    .header("X-API-Key", "dev-demo-admin")
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"url\":\"https://hooks.example.com/x\"}"))
            .andReturn();
    assertThat(r.getResponse().getStatus()).isEqualTo(401);
  }

  private MvcResult create(String url) throws Exception {
    return mvc.perform(
            post("/api/v1/webhooks")
                .header("X-API-Key", "prod-test-key")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"url\":\"" + url + "\"}"))
        .andReturn();
  }
}
