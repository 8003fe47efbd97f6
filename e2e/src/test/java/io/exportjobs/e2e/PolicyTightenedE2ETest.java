package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 5, done-when 4, on the real dev server: a job queued behind the tenant's only slot, whose
 * policy is tightened (through the policy file) while it waits, fails with policy_denied and never
 * extracts; the job that held the slot completes.
 */
class PolicyTightenedE2ETest {

  static final Instant FROM = Instant.parse("2026-05-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-05-02T00:00:00Z");

  static Path policyFile;

  @RegisterExtension
  static final Stack stack =
      Stack.perClass(PolicyTightenedE2ETest::policy)
          // long enough that the first job still holds the slot when the policy changes
          .withEntries("demo", FROM, TO, 300_000);

  static final Http http = stack.http("dev-demo-writer");

  /** A policy file that gives demo one slot, which a test then tightens further. */
  static Map<String, String> policy() {
    try {
      policyFile = Files.createTempFile("exportjobs-policy-", ".yaml");
      Files.writeString(policyFile, "tenants:\n  demo:\n    max-active-jobs: 1\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.of("exportjobs.policy.file", policyFile.toString());
  }

  @AfterAll
  static void stop() throws Exception {
    Files.deleteIfExists(policyFile);
  }

  static String submit() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "ledger");
    body.put("range", Map.of("from", FROM.toString(), "to", TO.toString()));
    Http.Response created = http.post("/exports", body);
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    return created.json().get("id").asText();
  }

  @Test
  void aQueuedJobWhosePolicyIsTightenedFailsWithPolicyDenied() throws Exception {
    String first = submit();
    http.awaitStatus(first, "running", Duration.ofMinutes(1), Duration.ofMillis(20));
    String queued = submit();
    // the queued job has asked for the slot and waits, pending
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                stack
                        .apiBean(org.springframework.jdbc.core.JdbcTemplate.class)
                        .queryForObject(
                            "SELECT COUNT(*) FROM export_admissions WHERE job_id = ?"
                                + " AND state = 'waiting'",
                            Long.class,
                            queued)
                    == 1);
    assertThat(http.get("/exports/" + first).json().get("status").asText()).isEqualTo("running");

    // an administrator tightens the policy: ledger exports are no longer allowed for demo
    Files.writeString(
        policyFile,
        "tenants:\n  demo:\n    max-active-jobs: 1\n    allowed-types: [evidence_pack, audit_report]\n");

    JsonNode failed =
        http.awaitStatus(queued, "failed", Duration.ofMinutes(2), Duration.ofMillis(100));
    assertThat(failed.get("error").get("code").asText()).isEqualTo("policy_denied");
    assertThat(failed.get("error").get("activity").asText()).isEqualTo("CheckExportPolicy");
    assertThat(failed.get("startedAt").isNull()).as("it never started").isTrue();
    assertThat(failed.get("progress").get("entriesExported").asLong()).isZero();

    JsonNode done =
        http.awaitStatus(first, "completed", Duration.ofMinutes(2), Duration.ofMillis(100));
    assertThat(done.get("artifact").get("entryCount").asLong()).isEqualTo(300_000);
  }
}
