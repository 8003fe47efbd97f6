package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Issue 17, done-when 1: the README's curl examples ("Try it") work against the cluster as they are
 * written. Every bash block of that section runs, in order, in one bash with {@code set -euo
 * pipefail}, unchanged: its {@code API=${API:-…}} line takes the cluster's first api from the
 * environment, as a user's {@code export API=…} would. What they print is checked against the
 * comments beside them and against the api. {@link ClusterUpE2ETest} runs the same against a
 * cluster that {@code make cluster} started.
 */
@Order(Integer.MAX_VALUE - 2)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(Cluster.LOCK)
class ClusterReadmeE2ETest {

  static final Path README = Cluster.ROOT.resolve("README.md");

  @RegisterExtension static final Cluster cluster = Cluster.suite();

  @Test
  void theReadmesCurlExamplesWorkAgainstTheCluster() throws Exception {
    runTheExamples(cluster.apiUrl(1), cluster.apiUrl(2));
  }

  /**
   * Runs the "Try it" blocks as written, with {@code API} in the environment, and checks what they
   * printed and what the api (the other instance) holds afterwards.
   */
  static void runTheExamples(String api, String otherApi) throws Exception {
    String script = tryItBlocks();
    // the README's own line, which leaves an API from the environment alone
    assertThat(script).containsPattern("(?m)^API=\\$\\{API:-http://127\\.0\\.0\\.1:8080/api/v1\\}");

    Path work = Files.createTempDirectory("readme-curl-");
    String out = bash(work, script, Map.of("API", api));
    System.out.println(out);

    // 1. append: 201 with the counts
    assertThat(out).contains("\"appended\":3");
    // 2. the job id the README echoes (idempotency key → a digest, not a ULID)
    Matcher id = Pattern.compile("(exp-demo-[0-9a-z]+)\n").matcher(out);
    assertThat(id.find()).as("the echoed job id in:\n" + out).isTrue();
    String jobId = id.group(1);
    Http http = new Http(otherApi, "dev-demo-reader");
    JsonNode job = http.get("/exports/" + jobId).json();
    // 3. it completed, with the two October entries
    assertThat(job.get("status").asText()).isEqualTo("completed");
    assertThat(out).contains("\"status\": \"completed\"");
    assertThat(job.path("artifact").path("entryCount").asLong()).isGreaterThanOrEqualTo(2);
    // 4. the download is the artifact: sha256sum prints its digest
    String sha = job.path("artifact").path("sha256").asText();
    assertThat(out).contains(sha + "  october.ndjson");
    assertThat(work.resolve("october.ndjson")).exists();
    // 6. cancel and retry of a completed job: 409 problem documents
    assertThat(out).contains("\"status\": 409").contains("\"code\": \"conflict\"");
    // the chain verifies
    assertThat(out).contains("\"valid\":true");
    // schedules: created with its next runs, triggered (202), paused, backfilled (202)
    assertThat(out).contains("\"id\": \"nightly-evidence\"").contains("\"nextRuns\": [");
    assertThat(out).containsPattern("(?m)^202$");
    assertThat(out).containsPattern("(?m)^true$");
    JsonNode schedule = http.get("/export-schedules/nightly-evidence").json();
    assertThat(schedule.get("paused").asBoolean()).isTrue();
    // the problem answer of a reversed range
    assertThat(out)
        .contains("\"code\":\"validation_failed\"")
        .contains("\"status\":400")
        .contains("from must be before to");
    Stack.deleteQuietly(work);
  }

  /** The README's schedule goes, so that the examples run again on the same cluster. */
  @AfterEach
  void deleteTheSchedule() {
    new Http(cluster.apiUrl(1), "dev-demo-writer").delete("/export-schedules/nightly-evidence");
  }

  /** Every ```bash block of the README's "Try it" section, in order. */
  static String tryItBlocks() throws IOException {
    List<String> lines = Files.readAllLines(README);
    StringBuilder script = new StringBuilder();
    boolean inSection = false;
    boolean inBlock = false;
    List<String> blocks = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("## ")) {
        inSection = line.startsWith("## Try it");
        continue;
      }
      if (!inSection) {
        continue;
      }
      if (!inBlock && line.trim().equals("```bash")) {
        inBlock = true;
        blocks.add("");
      } else if (inBlock && line.trim().equals("```")) {
        inBlock = false;
      } else if (inBlock) {
        script.append(line).append('\n');
      }
    }
    assertThat(blocks).as("bash blocks under \"## Try it\"").hasSizeGreaterThanOrEqualTo(3);
    return script.toString();
  }

  static String bash(Path workDir, String script, Map<String, String> env)
      throws IOException, InterruptedException {
    Path file = workDir.resolve("readme.sh");
    Files.writeString(file, "set -euo pipefail\n" + script);
    Path out = workDir.resolve("readme.out");
    ProcessBuilder builder =
        new ProcessBuilder("bash", file.toString())
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    builder.environment().putAll(env);
    Process p = builder.start();
    boolean done = p.waitFor(Duration.ofMinutes(3).toSeconds(), TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String output = Files.readString(out);
    assertThat(done).as("the README's examples finished:\n" + output).isTrue();
    assertThat(p.exitValue()).as("exit status of the README's examples:\n" + output).isZero();
    return output;
  }
}
