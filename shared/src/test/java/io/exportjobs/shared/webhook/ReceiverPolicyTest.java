package io.exportjobs.shared.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceiverPolicyTest {

  private final ReceiverPolicy prod = new ReceiverPolicy(false, List.of());

  @Test
  void onlyHttpAndHttpsWithAHostAndNoCredentials() {
    for (String url :
        List.of(
            "file:///etc/passwd",
            "ftp://93.184.216.34/x",
            "gopher://a/",
            "/relative",
            "http:///x",
            "https://u:p@93.184.216.34/")) {
      assertThatThrownBy(() -> ReceiverPolicy.parse(url))
          .as(url)
          .isInstanceOf(ReceiverPolicy.Refused.class);
    }
  }

  @Test
  void nonPublicAddressesAreRefusedOutsideDevAndTest() throws Exception {
    for (String address :
        List.of(
            "127.0.0.1",
            "127.8.9.10",
            "::1",
            "10.0.0.1",
            "172.16.5.4",
            "192.168.1.1",
            "169.254.169.254",
            "fe80::1",
            "fd00::1",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "::ffff:10.0.0.1",
            "198.18.0.1")) {
      assertThat(prod.refusal(InetAddress.getByName(address))).as(address).isPresent();
    }
    for (String address :
        List.of("93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "172.32.0.1")) {
      assertThat(prod.refusal(InetAddress.getByName(address))).as(address).isEmpty();
    }
    assertThatThrownBy(() -> prod.check("http://127.0.0.1:8080/x"))
        .hasMessageContaining("127.0.0.1, a loopback address");
    assertThatThrownBy(() -> prod.check("http://[::1]/x")).hasMessageContaining("loopback");
  }

  @Test
  void theAllowListAndTheDevProfilesLetPrivateNetworksThrough() throws Exception {
    ReceiverPolicy listed = new ReceiverPolicy(false, List.of("10.1.0.0/16", "::1/128"));
    assertThat(listed.refusal(InetAddress.getByName("10.1.2.3"))).isEmpty();
    assertThat(listed.refusal(InetAddress.getByName("::1"))).isEmpty();
    assertThat(listed.refusal(InetAddress.getByName("10.2.0.1"))).isPresent();
    assertThat(listed.refusal(InetAddress.getByName("127.0.0.1"))).isPresent();
    ReceiverPolicy dev = new ReceiverPolicy(true, List.of());
    assertThat(dev.check("http://127.0.0.1:9/x").getPort()).isEqualTo(9);
    assertThatThrownBy(() -> new ReceiverPolicy(false, List.of("not-a-network")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void signaturesAreStandardWebhooks() {
    // the test vector of the Standard Webhooks reference libraries
    assertThat(
            WebhookSigner.sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                "{\"test\": 2432232314}"))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    assertThat(WebhookSigner.newSecret()).startsWith("whsec_").hasSize(6 + 44);
  }
}
