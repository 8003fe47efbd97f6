package io.exportjobs.shared.webhook;

import static io.exportjobs.shared.db.SqlTime.toSql;

import io.exportjobs.shared.db.SqlTime;
import io.exportjobs.shared.export.InvalidPageTokenException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Webhook deliveries and every attempt: written by the worker, listed by the api. Every write a
 * retried activity repeats is idempotent.
 */
public class WebhookDeliveryStore {

  private static final String DELIVERY =
      "id, tenant, subscription_id, event_type, job_id, status, attempts, last_error, created_at,"
          + " completed_at";

  private final JdbcClient jdbc;

  public WebhookDeliveryStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records a new delivery as pending; false if it exists (a repeated notification). */
  public boolean insertDelivery(WebhookDelivery d, String payload) {
    try {
      jdbc.sql(
              "INSERT INTO webhook_deliveries ("
                  + DELIVERY
                  + ", payload) VALUES (?, ?, ?, ?, ?, ?, 0, NULL, ?, NULL, ?)")
          .params(
              d.id(),
              d.tenant(),
              d.subscriptionId(),
              d.event(),
              d.jobId(),
              WebhookDelivery.PENDING,
              toSql(d.createdAt()),
              payload)
          .update();
      return true;
    } catch (DuplicateKeyException e) {
      return false;
    }
  }

  public Optional<String> payload(String deliveryId) {
    return jdbc.sql("SELECT payload FROM webhook_deliveries WHERE id = ?")
        .param(deliveryId)
        .query(String.class)
        .optional();
  }

  /** Records one attempt (once per number, however often the activity reports it). */
  public void recordAttempt(String deliveryId, WebhookDelivery.Attempt a) {
    try {
      jdbc.sql(
              "INSERT INTO webhook_delivery_attempts (delivery_id, attempt, at, status_code, error,"
                  + " duration_ms) VALUES (?, ?, ?, ?, ?, ?)")
          .params(
              deliveryId,
              a.attempt(),
              toSql(a.at()),
              a.statusCode(),
              clip(a.error()),
              a.durationMs())
          .update();
    } catch (DuplicateKeyException e) {
      return;
    }
    jdbc.sql(
            "UPDATE webhook_deliveries SET attempts = (SELECT COUNT(*) FROM"
                + " webhook_delivery_attempts WHERE delivery_id = ?), last_error = ? WHERE id = ?")
        .params(deliveryId, clip(a.error()), deliveryId)
        .update();
  }

  /** The delivery's outcome: {@code delivered} or {@code failed}. */
  public void complete(String deliveryId, String status, String error, Instant at) {
    jdbc.sql(
            "UPDATE webhook_deliveries SET status = ?, last_error = COALESCE(?, last_error),"
                + " completed_at = ? WHERE id = ? AND status = ?")
        .params(status, clip(error), toSql(at), deliveryId, WebhookDelivery.PENDING)
        .update();
  }

  /** A subscription's deliveries, newest first, each with its attempts in order. */
  public List<WebhookDelivery> deliveries(
      String tenant, String subscriptionId, int limit, String pageToken) {
    Instant afterAt = null;
    String afterId = null;
    if (pageToken != null) {
      String[] parts = WebhookPageTokens.decode(pageToken).split(" ", 2);
      if (parts.length != 2) {
        throw new InvalidPageTokenException("pageToken is not one this service issued");
      }
      try {
        afterAt = Instant.ofEpochMilli(Long.parseLong(parts[0]));
      } catch (NumberFormatException e) {
        throw new InvalidPageTokenException("pageToken is not one this service issued");
      }
      afterId = parts[1];
    }
    List<WebhookDelivery> rows =
        jdbc.sql(
                "SELECT "
                    + DELIVERY
                    + " FROM webhook_deliveries WHERE tenant = ? AND subscription_id = ? AND"
                    + " (CAST(? AS TIMESTAMP WITH TIME ZONE) IS NULL OR created_at < ? OR"
                    + " (created_at = ? AND id < ?)) ORDER BY created_at DESC, id DESC LIMIT ?")
            .params(
                tenant,
                subscriptionId,
                toSql(afterAt),
                toSql(afterAt),
                toSql(afterAt),
                afterId,
                limit)
            .query((rs, n) -> delivery(rs, List.of()))
            .list();
    if (rows.isEmpty()) {
      return rows;
    }
    Map<String, List<WebhookDelivery.Attempt>> attempts = new LinkedHashMap<>();
    rows.forEach(r -> attempts.put(r.id(), new ArrayList<>()));
    String marks = String.join(",", Collections.nCopies(rows.size(), "?"));
    jdbc.sql(
            "SELECT delivery_id, attempt, at, status_code, error, duration_ms FROM"
                + " webhook_delivery_attempts WHERE delivery_id IN ("
                + marks
                + ") ORDER BY delivery_id, attempt")
        .params(rows.stream().map(WebhookDelivery::id).toList())
        .query(
            rs -> {
              Integer code = rs.getObject("status_code") == null ? null : rs.getInt("status_code");
              attempts
                  .get(rs.getString("delivery_id"))
                  .add(
                      new WebhookDelivery.Attempt(
                          rs.getInt("attempt"),
                          SqlTime.read(rs, "at"),
                          code,
                          rs.getString("error"),
                          rs.getLong("duration_ms")));
            });
    return rows.stream()
        .map(
            r ->
                new WebhookDelivery(
                    r.id(),
                    r.tenant(),
                    r.subscriptionId(),
                    r.event(),
                    r.jobId(),
                    r.status(),
                    r.attemptCount(),
                    r.lastError(),
                    r.createdAt(),
                    r.completedAt(),
                    attempts.get(r.id())))
        .toList();
  }

  /** The page token after {@code last}. */
  public static String deliveryToken(WebhookDelivery last) {
    return WebhookPageTokens.encode(last.createdAt().toEpochMilli() + " " + last.id());
  }

  private static String clip(String s) {
    return s == null || s.length() <= 1000 ? s : s.substring(0, 1000) + "…";
  }

  private static WebhookDelivery delivery(ResultSet rs, List<WebhookDelivery.Attempt> attempts)
      throws SQLException {
    return new WebhookDelivery(
        rs.getString("id"),
        rs.getString("tenant"),
        rs.getString("subscription_id"),
        rs.getString("event_type"),
        rs.getString("job_id"),
        rs.getString("status"),
        rs.getInt("attempts"),
        rs.getString("last_error"),
        SqlTime.read(rs, "created_at"),
        SqlTime.read(rs, "completed_at"),
        attempts);
  }
}
