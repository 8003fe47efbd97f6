package io.exportjobs.worker.webhook;

import io.exportjobs.shared.webhook.ReceiverPolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends one webhook POST. Its DNS resolver is the receiver policy's: a host resolves only to
 * addresses the policy allows (checked at every connection, not only when the URL was registered),
 * and the connection goes to exactly those addresses, so a name that re-resolves to a private
 * address (DNS rebinding) is refused. Redirects are not followed (a 3xx is an answer that is not a
 * 2xx), nothing is retried by the client itself (Temporal retries), and no cookies are kept.
 */
final class WebhookSender implements AutoCloseable {

  /** What became of one POST: the receiver's status, or why there was none. */
  record Answer(Integer status, String error, boolean refused) {

    boolean accepted() {
      return status != null && status >= 200 && status < 300;
    }
  }

  private final ReceiverPolicy policy;
  private final CloseableHttpClient client;

  WebhookSender(ReceiverPolicy policy, Duration connectTimeout) {
    this.policy = policy;
    DnsResolver vetted =
        new DnsResolver() {
          @Override
          public InetAddress[] resolve(String host) throws UnknownHostException {
            try {
              return policy.resolve(host).toArray(InetAddress[]::new);
            } catch (ReceiverPolicy.Refused refused) {
              throw new RefusedHost(refused.getMessage());
            }
          }

          @Override
          public String resolveCanonicalHostname(String host) {
            return host;
          }
        };
    this.client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDnsResolver(vetted)
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.of(connectTimeout))
                            .setSocketTimeout(Timeout.of(connectTimeout))
                            .build())
                    .build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .setUserAgent("exportjobs-webhooks/1")
            .build();
  }

  /** Thrown by the resolver for a host the policy refuses. */
  static final class RefusedHost extends UnknownHostException {
    RefusedHost(String message) {
      super(message);
    }
  }

  Answer post(String url, Map<String, String> headers, String body, Duration timeout) {
    URI uri;
    try {
      uri = ReceiverPolicy.parse(url);
    } catch (ReceiverPolicy.Refused refused) {
      return new Answer(null, "url " + refused.getMessage(), true);
    }
    HttpPost post = new HttpPost(uri);
    headers.forEach(post::setHeader);
    post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
    post.setConfig(
        RequestConfig.custom()
            .setResponseTimeout(Timeout.of(timeout))
            .setConnectionRequestTimeout(Timeout.of(timeout))
            .build());
    try {
      int status =
          client.execute(
              post,
              response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
              });
      return new Answer(
          status, status >= 200 && status < 300 ? null : "the receiver answered " + status, false);
    } catch (RefusedHost refused) {
      return new Answer(null, "url " + refused.getMessage(), true);
    } catch (IOException e) {
      return new Answer(null, describe(e), false);
    }
  }

  private static String describe(IOException e) {
    String name = e.getClass().getSimpleName();
    for (String timeout : List.of("SocketTimeoutException", "ConnectTimeoutException")) {
      if (name.equals(timeout)) {
        return "no answer in time (" + name + ")";
      }
    }
    return name + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
