package io.exportjobs.shared.webhook;

import static io.exportjobs.shared.db.SqlTime.toSql;

import io.exportjobs.shared.db.SqlTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Webhook subscriptions: written by the api, read by the api and the worker (who wants what). */
public class WebhookSubscriptionStore {

  private static final String SUBSCRIPTION =
      "id, tenant, url, events, description, secret, created_at, created_by, secret_rotated_at";

  private final JdbcClient jdbc;

  public WebhookSubscriptionStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(WebhookSubscription s) {
    jdbc.sql(
            "INSERT INTO webhook_subscriptions ("
                + SUBSCRIPTION
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            s.id(),
            s.tenant(),
            s.url(),
            String.join(",", s.events()),
            s.description(),
            s.secret(),
            toSql(s.createdAt()),
            s.createdBy(),
            toSql(s.secretRotatedAt()))
        .update();
  }

  /** The tenant's subscriptions, newest first (ids are ULIDs), after {@code pageToken}. */
  public List<WebhookSubscription> list(String tenant, int limit, String pageToken) {
    String after = pageToken == null ? null : WebhookPageTokens.decode(pageToken);
    return jdbc.sql(
            "SELECT "
                + SUBSCRIPTION
                + " FROM webhook_subscriptions WHERE tenant = ? AND (CAST(? AS VARCHAR(64)) IS NULL"
                + " OR id < ?) ORDER BY id DESC LIMIT ?")
        .params(tenant, after, after, limit)
        .query(WebhookSubscriptionStore::subscription)
        .list();
  }

  public Optional<WebhookSubscription> find(String tenant, String id) {
    return jdbc.sql(
            "SELECT " + SUBSCRIPTION + " FROM webhook_subscriptions WHERE tenant = ? AND id = ?")
        .params(tenant, id)
        .query(WebhookSubscriptionStore::subscription)
        .optional();
  }

  public boolean delete(String tenant, String id) {
    return jdbc.sql("DELETE FROM webhook_subscriptions WHERE tenant = ? AND id = ?")
            .params(tenant, id)
            .update()
        == 1;
  }

  /** Replaces the secret: from now on deliveries are signed with {@code secret} only. */
  public Optional<WebhookSubscription> rotateSecret(
      String tenant, String id, String secret, Instant at) {
    int updated =
        jdbc.sql(
                "UPDATE webhook_subscriptions SET secret = ?, secret_rotated_at = ? WHERE tenant"
                    + " = ? AND id = ?")
            .params(secret, toSql(at), tenant, id)
            .update();
    return updated == 1 ? find(tenant, id) : Optional.empty();
  }

  /** The tenant's subscriptions that want {@code event}. */
  public List<WebhookSubscription> subscribers(String tenant, String event) {
    return jdbc
        .sql("SELECT " + SUBSCRIPTION + " FROM webhook_subscriptions WHERE tenant = ? ORDER BY id")
        .params(tenant)
        .query(WebhookSubscriptionStore::subscription)
        .list()
        .stream()
        .filter(s -> s.wants(event))
        .toList();
  }

  /** The page token after {@code last}. */
  public static String subscriptionToken(WebhookSubscription last) {
    return WebhookPageTokens.encode(last.id());
  }

  private static WebhookSubscription subscription(ResultSet rs, int n) throws SQLException {
    return new WebhookSubscription(
        rs.getString("id"),
        rs.getString("tenant"),
        rs.getString("url"),
        Arrays.asList(rs.getString("events").split(",")),
        rs.getString("description"),
        rs.getString("secret"),
        SqlTime.read(rs, "created_at"),
        rs.getString("created_by"),
        SqlTime.read(rs, "secret_rotated_at"));
  }
}
