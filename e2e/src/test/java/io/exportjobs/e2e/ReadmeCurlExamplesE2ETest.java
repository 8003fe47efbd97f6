package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.shared.artifact.S3ArtifactStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The curl examples of README.md's webhook, presigned-download and OpenAPI sections (fenced blocks
 * whose info string is {@code bash curl-example}) run, in order, in one bash, against a real stack
 * with a webhook receiver and an S3 target with presigning on; each block checks what it shows
 * ({@code jq -e}), so the README cannot drift from the api.
 */
class ReadmeCurlExamplesE2ETest {

  static final String FENCE = "```bash curl-example";

  static WebhookReceiver receiver;
  static String bucket;
  static S3Client bucketClient;

  @RegisterExtension static final Stack stack = Stack.perClass(ReadmeCurlExamplesE2ETest::s3Target);

  /** The stack's settings: webhooks to this host, a presigning target in a new bucket. */
  static Map<String, String> s3Target() {
    RealServers.S3 s3 = RealServers.s3();
    bucket = "exportjobs-readme-" + UUID.randomUUID().toString().substring(0, 8);
    bucketClient =
        S3ArtifactStore.newClient(
            S3ArtifactStore.Settings.of(bucket, s3.endpoint(), s3.accessKey(), s3.secretKey()));
    bucketClient.createBucket(b -> b.bucket(bucket));
    Map<String, String> props = new LinkedHashMap<>();
    props.put("exportjobs.webhooks.allowed-networks", "127.0.0.0/8");
    props.put("exportjobs.artifacts.targets.s3.type", "s3");
    props.put("exportjobs.artifacts.targets.s3.bucket", bucket);
    props.put("exportjobs.artifacts.targets.s3.endpoint", s3.endpoint());
    props.put("exportjobs.artifacts.targets.s3.access-key", s3.accessKey());
    props.put("exportjobs.artifacts.targets.s3.secret-key", s3.secretKey());
    props.put("exportjobs.artifacts.targets.s3.presign", "true");
    return props;
  }

  @BeforeAll
  static void start() throws Exception {
    receiver = new WebhookReceiver();
  }

  @AfterAll
  static void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (bucketClient != null) {
      try {
        for (S3Object o : bucketClient.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
          bucketClient.deleteObject(b -> b.bucket(bucket).key(o.key()));
        }
        bucketClient.deleteBucket(b -> b.bucket(bucket));
      } finally {
        bucketClient.close();
      }
    }
  }

  /** The blocks, in README order. */
  static List<String> blocks(Path readme) throws Exception {
    List<String> blocks = new ArrayList<>();
    List<String> lines = Files.readAllLines(readme);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().equals(FENCE)) {
        StringBuilder block = new StringBuilder();
        for (i++; i < lines.size() && !lines.get(i).trim().equals("```"); i++) {
          block.append(lines.get(i)).append('\n');
        }
        blocks.add(block.toString());
      }
    }
    return blocks;
  }

  @Test
  void theReadmeCurlExamplesRunAsWritten() throws Exception {
    List<String> blocks = blocks(Path.of("..", "README.md"));
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(4);
    String port = Integer.toString(stack.apiPort);
    StringBuilder script = new StringBuilder("set -euo pipefail\n");
    for (int i = 0; i < blocks.size(); i++) {
      script.append("echo '--- block ").append(i + 1).append("' >&2\n");
      script.append(blocks.get(i).replace("127.0.0.1:8080", "127.0.0.1:" + port));
    }
    Path dir = Files.createTempDirectory("readme-curl-");
    Path file = dir.resolve("examples.sh");
    Path output = dir.resolve("output.txt");
    Files.writeString(file, script);
    ProcessBuilder bash =
        new ProcessBuilder("bash", file.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    bash.environment().put("API", "http://127.0.0.1:" + port + "/api/v1");
    bash.environment().put("KEY", "X-API-Key: dev-demo-writer");
    bash.environment().put("RECEIVER", receiver.url("/ok"));
    Process p = bash.start();
    boolean finished = p.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      p.destroyForcibly();
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(finished).as("the examples finished:%n%s", printed).isTrue();
    assertThat(p.exitValue()).as("the examples failed:%n%s%n%s", printed, script).isZero();
    // the receiver got the webhook the examples asked for
    assertThat(receiver.received).extracting(WebhookReceiver.Received::path).contains("/ok");
    Stack.deleteQuietly(dir);
  }
}
