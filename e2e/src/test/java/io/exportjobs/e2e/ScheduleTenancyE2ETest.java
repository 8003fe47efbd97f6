package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exportjobs.api.ApiApplication;
import io.exportjobs.worker.WorkerApplication;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Issue 11, done-when 5: tenants whose ids would collide under the old naming ({@code acme} with
 * schedule {@code eu-x}, {@code acme-eu} with schedule {@code x}: both {@code
 * export-schedule-acme-eu-x}) cannot be configured, since a tenant id has no {@code -}; and on the
 * real dev server, two tenants with the same schedule id, and {@code acme} / {@code acme_eu} with
 * {@code eu-x} / {@code x}, get distinct Temporal schedules that each act alone.
 */
class ScheduleTenancyE2ETest {

  @RegisterExtension static final Stack stack = Stack.perClassWithoutWorker(Map.of());
  static final List<String[]> created = new ArrayList<>();

  @AfterAll
  static void stop() {
    if (stack.started()) {
      RawHttp raw = new RawHttp(stack.baseUrl());
      for (String[] s : created) {
        raw.send("DELETE", "/export-schedules/" + s[0], null, s[1], s[2], s[3], s[4]);
      }
      stack.close();
    }
  }

  @Test
  void aTenantIdWithADashCannotBeConfigured() throws Exception {
    Path dir = Files.createTempDirectory("exportjobs-bad-tenant-");
    try {
      List<String> base =
          List.of(
              "--exportjobs.data-dir=" + dir,
              "--spring.datasource.url=jdbc:h2:mem:bad-tenant;DB_CLOSE_DELAY=-1",
              "--spring.temporal.connection.target=" + stack.temporalAddress,
              "--server.port=0",
              "--management.server.port=0",
              "--exportjobs.worker.management.port=-1");
      // an API key of tenant acme-eu
      assertStartFails(
          () ->
              new SpringApplicationBuilder(ApiApplication.class)
                  .profiles("test")
                  .run(
                      args(
                          base,
                          "--exportjobs.security.api-keys[0].name=acme-eu-admin",
                          "--exportjobs.security.api-keys[0].sha256=" + "ab".repeat(32),
                          "--exportjobs.security.api-keys[0].tenant=acme-eu",
                          "--exportjobs.security.api-keys[0].scopes=exports:read")),
          "exportjobs.security.api-keys[0].tenant: 'acme-eu' is not a valid tenant id");
      // a policy for tenant acme-eu, in the api and in the worker
      String policy = "--exportjobs.policy.tenants.acme-eu.max-active-jobs=1";
      assertStartFails(
          () ->
              new SpringApplicationBuilder(ApiApplication.class)
                  .profiles("test")
                  .run(args(base, policy)),
          "exportjobs.policy.tenants: 'acme-eu' is not a valid tenant id");
      assertStartFails(
          () -> WorkerApplication.builder().run(args(base, policy)),
          "exportjobs.policy.tenants: 'acme-eu' is not a valid tenant id");
    } finally {
      Stack.deleteQuietly(dir);
    }
  }

  private static String[] args(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private static void assertStartFails(Runnable start, String message) {
    assertThatThrownBy(start::run).hasStackTraceContaining(message);
  }

  @Test
  void theSameScheduleIdInTwoTenantsIsTwoTemporalSchedules() {
    RawHttp raw = new RawHttp(stack.baseUrl());
    String[] demo = {"X-API-Key", "dev-demo-admin", "X-Tenant-Id", "demo"};
    String[] acme = {"X-API-Key", "dev-acme-admin", "X-Tenant-Id", "acme"};
    // tenant acme_eu has no key of its own: the operator acts for it
    String[] acmeEu = {"X-API-Key", "dev-operator", "X-Tenant-Id", "acme_eu"};
    create(raw, "nightly", demo);
    create(raw, "nightly", acme);
    create(raw, "eu-x", acme);
    create(raw, "x", acmeEu);

    ScheduleClient schedules = stack.apiBean(ScheduleClient.class);
    List<String> ids =
        List.of(
            "export-schedule-demo-nightly",
            "export-schedule-acme-nightly",
            "export-schedule-acme-eu-x",
            "export-schedule-acme_eu-x");
    for (String id : ids) {
      ScheduleDescription d = schedules.getHandle(id).describe();
      assertThat(d.getId()).isEqualTo(id);
    }

    // each acts alone: pausing demo's nightly leaves acme's running, and the same for acme_eu
    assertThat(raw.send("POST", "/export-schedules/nightly/pause", "{}", demo).status())
        .isEqualTo(200);
    assertThat(paused(raw, "nightly", demo)).isTrue();
    assertThat(paused(raw, "nightly", acme)).isFalse();
    assertThat(raw.send("POST", "/export-schedules/x/pause", "{}", acmeEu).status()).isEqualTo(200);
    assertThat(paused(raw, "x", acmeEu)).isTrue();
    assertThat(paused(raw, "eu-x", acme)).isFalse();
    assertThat(
            schedules
                .getHandle("export-schedule-acme-eu-x")
                .describe()
                .getSchedule()
                .getState()
                .isPaused())
        .isFalse();
    // and each tenant sees its own: acme has no schedule x, acme_eu none named eu-x
    assertThat(raw.send("GET", "/export-schedules/x", null, acme).status()).isEqualTo(404);
    assertThat(raw.send("GET", "/export-schedules/eu-x", null, acmeEu).status()).isEqualTo(404);
    assertThat(raw.send("GET", "/export-schedules/x", null, acmeEu).json().get("tenant").asText())
        .isEqualTo("acme_eu");
  }

  private static void create(RawHttp raw, String id, String[] as) {
    RawHttp.Response r =
        raw.send(
            "POST",
            "/export-schedules",
            "{\"id\":\""
                + id
                + "\",\"cron\":\"0 2 29 2 *\",\"window\":\"P1D\","
                + "\"job\":{\"type\":\"ledger\"}}",
            as);
    assertThat(r.status()).as("%s as %s: %s", id, as[1], r.text()).isEqualTo(201);
    created.add(new String[] {id, as[0], as[1], as[2], as[3]});
  }

  private static boolean paused(RawHttp raw, String id, String[] as) {
    RawHttp.Response r = raw.send("GET", "/export-schedules/" + id, null, as);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    return r.json().get("paused").asBoolean();
  }
}
