package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11 on the real dev server: the hourly quota counts the jobs created through {@code POST
 * /exports}, as the README says, not scheduled runs: a backfill that starts more runs than the
 * tenant's {@code max-jobs-per-hour} leaves {@code POST /exports} open up to the limit.
 */
class BackfillQuotaE2ETest {

  static final int PER_HOUR = 5;
  static final int RUNS = 24;

  @RegisterExtension
  static final Stack stack =
      Stack.perClass(
          Map.of("exportjobs.policy.tenants.acme.max-jobs-per-hour", String.valueOf(PER_HOUR)));

  static final Http acme = stack.http("dev-acme-admin");

  @AfterAll
  static void stop() {
    if (stack.started()) {
      acme.delete("/export-schedules/hourly");
    }
  }

  @Test
  void aBackfillOfMoreRunsThanTheQuotaLeavesPostExportsOpen() {
    Http.Response schedule =
        acme.post(
            "/export-schedules",
            Map.of(
                "id", "hourly",
                "cron", "@hourly",
                "window", "PT1H",
                "paused", true,
                "job", Map.of("type", "ledger")));
    assertThat(schedule.status()).as(schedule.text()).isEqualTo(201);
    Http.Response backfill =
        acme.post(
            "/export-schedules/hourly/backfill",
            Map.of("from", "2026-10-01T00:00:00Z", "to", "2026-10-02T00:00:00Z"));
    assertThat(backfill.status()).as(backfill.text()).isEqualTo(202);
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                acme.get("/exports?scheduleId=hourly&pageSize=200").json().get("items").size()
                    == RUNS);

    // the runs were created within the hour, four times the quota: POST /exports is still open
    for (int i = 0; i < PER_HOUR; i++) {
      Http.Response created =
          acme.post(
              "/exports",
              Map.of(
                  "type",
                  "ledger",
                  "range",
                  Map.of("from", "2026-10-01T00:00:00Z", "to", "2026-10-02T00:00:00Z")));
      assertThat(created.status()).as("job %d: %s", i, created.text()).isEqualTo(202);
    }
    // and the quota still holds for what it counts
    Http.Response over =
        acme.post(
            "/exports",
            Map.of(
                "type",
                "ledger",
                "range",
                Map.of("from", "2026-10-01T00:00:00Z", "to", "2026-10-02T00:00:00Z")));
    assertThat(over.status()).as(over.text()).isEqualTo(429);
    assertThat(over.json().get("code").asText()).isEqualTo("quota_exceeded");
  }
}
