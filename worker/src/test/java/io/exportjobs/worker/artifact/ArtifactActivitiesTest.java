package io.exportjobs.worker.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exportjobs.shared.artifact.ArtifactLocation;
import io.exportjobs.shared.artifact.ArtifactStores;
import io.exportjobs.shared.artifact.FilesystemArtifactStore;
import io.exportjobs.shared.export.ExportArtifact;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.workflow.ArtifactActivities;
import io.exportjobs.shared.workflow.ExtractionResult;
import io.exportjobs.shared.workflow.PublishedArtifact;
import io.exportjobs.worker.extraction.StagingArea;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing, discarding and deleting artifacts in a real filesystem store. */
class ArtifactActivitiesTest {

  static final String JOB_ID = "exp-demo-01JARTIFACT";

  @TempDir Path dataDir;
  @TempDir Path storeRoot;

  StagingArea staging;
  TestActivityEnvironment env;
  ArtifactActivities activities;
  ExportRequest request;
  byte[] content;

  @BeforeEach
  void setUp() {
    staging = new StagingArea(dataDir.toString());
    request = request("default");
    StringBuilder ndjson = new StringBuilder();
    for (int i = 1; i <= 2_000; i++) {
      ndjson.append("{\"seq\":").append(i).append(",\"actor\":\"alice\"}\n");
    }
    content = ndjson.toString().getBytes(StandardCharsets.UTF_8);
  }

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void publishMovesTheStagedFileIntoTheStoreWithItsDigestAndSize() throws Exception {
    start(storeAt(storeRoot));
    ExtractionResult extraction = stage(content);
    Object stagedFile = fileKey(Path.of(extraction.stagingPath()));

    PublishedArtifact published = activities.publish(request, extraction);

    String key = "demo/" + JOB_ID + "/attempt-1/" + JOB_ID + ".ndjson";
    assertThat(published.location()).isEqualTo(new ArtifactLocation("default", key));
    Path stored = storeRoot.resolve(key);
    assertThat(stored).isRegularFile();
    assertThat(Files.readAllBytes(stored)).isEqualTo(content);
    assertThat(fileKey(stored))
        .as("the staged file itself, renamed, not a copy")
        .isEqualTo(stagedFile);
    ExportArtifact artifact = published.artifact();
    assertThat(artifact.sha256()).isEqualTo(sha256Hex(content)).hasSize(64);
    assertThat(artifact.sizeBytes()).isEqualTo(content.length);
    assertThat(artifact.fileName()).isEqualTo(JOB_ID + ".ndjson");
    assertThat(artifact.contentType()).isEqualTo("application/x-ndjson");
    assertThat(artifact.entryCount()).isEqualTo(2_000);
    assertThat(artifact.downloadUrl()).isNull();
    assertThat(staging.fileFor(request)).as("the staged file is gone").doesNotExist();
    assertThat(staging.dirFor(request)).doesNotExist();
    try (var files = Files.walk(storeRoot)) {
      assertThat(files.filter(Files::isRegularFile))
          .as("no temporary files are left in the store")
          .containsExactly(stored);
    }
  }

  /**
   * The extraction's digest is taken as it is, without reading the file again (so a digest that
   * does not match the bytes shows through here); one from a result whose size is not the file's,
   * or none (an older result), is not: the file is digested.
   */
  @Test
  void publishTakesTheExtractionsDigestOfTheFileItWrote() throws Exception {
    start(storeAt(storeRoot));
    String written = "0f".repeat(32);
    ExtractionResult digested = withDigest(stage(content), content.length, written);
    assertThat(activities.publish(request, digested).artifact().sha256()).isEqualTo(written);

    ExportRequest other = request.withAttempt(2);
    ExtractionResult stale = withDigest(stage(other, content), content.length - 1, written);
    assertThat(activities.publish(other, stale).artifact().sha256()).isEqualTo(sha256Hex(content));
  }

  private static ExtractionResult withDigest(ExtractionResult r, long bytes, String sha256) {
    return new ExtractionResult(
        r.stagingPath(), r.entryCount(), bytes, r.lastSeq(), null, null, null, sha256);
  }

  @Test
  void publishingAgainAfterTheStagedFileIsGoneReturnsTheSameArtifact() throws Exception {
    start(storeAt(storeRoot));
    ExtractionResult extraction = stage(content);
    PublishedArtifact first = activities.publish(request, extraction);
    assertThat(Path.of(extraction.stagingPath())).doesNotExist();

    PublishedArtifact again = activities.publish(request, extraction);

    assertThat(again).isEqualTo(first);
    assertThat(Files.readAllBytes(storeRoot.resolve(first.location().key()))).isEqualTo(content);
  }

  @Test
  void publishWithNeitherStagedFileNorArtifactFailsWithoutRetrying() {
    start(storeAt(storeRoot));
    ExtractionResult extraction =
        new ExtractionResult(staging.fileFor(request).toString(), 1, 10, 1);

    assertThatThrownBy(() -> activities.publish(request, extraction))
        .satisfies(
            applicationFailure("staging_lost", f -> assertThat(f.isNonRetryable()).isTrue()));
  }

  @Test
  void publishToAnUnknownTargetFailsWithoutRetrying() throws Exception {
    start(storeAt(storeRoot));
    ExportRequest elsewhere = request("archive");
    ExtractionResult extraction = stage(elsewhere, content);

    assertThatThrownBy(() -> activities.publish(elsewhere, extraction))
        .satisfies(
            applicationFailure("unknown_target", f -> assertThat(f.isNonRetryable()).isTrue()));
  }

  @Test
  void aStoreThatCannotBeWrittenFailsWithArtifactWriteFailedAndKeepsTheStagedFile()
      throws Exception {
    Path notADirectory = Files.writeString(storeRoot.resolve("root-is-a-file"), "x");
    start(storeAt(notADirectory));
    ExtractionResult extraction = stage(content);

    assertThatThrownBy(() -> activities.publish(request, extraction))
        .satisfies(
            applicationFailure(
                "artifact_write_failed",
                f -> {
                  assertThat(f.isNonRetryable()).as("a write failure is retried").isFalse();
                  // the attempt number travels as the detail (the test environment says 0)
                  assertThat(f.getDetails().get(0, Integer.class)).isNotNull();
                }));
    assertThat(Path.of(extraction.stagingPath())).as("a retry still has the staged file").exists();
  }

  @Test
  void discardRemovesTheStagedFileAndThePublishedArtifactOfTheAttempt() throws Exception {
    start(storeAt(storeRoot));
    PublishedArtifact published = activities.publish(request, stage(content));
    stage(content); // a later extraction of the same attempt left a partial file again

    activities.discard(request);

    assertThat(storeRoot.resolve(published.location().key())).doesNotExist();
    assertThat(staging.dirFor(request)).doesNotExist();
  }

  /** The usual case: extraction failed or was cancelled, nothing was ever published. */
  @Test
  void discardOfAnAttemptThatNeverPublishedSucceeds() throws Exception {
    start(storeAt(storeRoot));
    stage(content);

    activities.discard(request);

    assertThat(staging.dirFor(request)).doesNotExist();
  }

  /** A retried discard (its first reply was lost) must not fail. */
  @Test
  void discardIsSafeToRepeat() throws Exception {
    start(storeAt(storeRoot));
    activities.publish(request, stage(content));
    activities.discard(request);

    activities.discard(request);

    assertThat(staging.dirFor(request)).doesNotExist();
  }

  @Test
  void deleteRemovesThePublishedArtifactAndPrunesItsFolders() throws Exception {
    start(storeAt(storeRoot));
    PublishedArtifact published = activities.publish(request, stage(content));

    activities.delete(published.location());

    assertThat(storeRoot.resolve(published.location().key())).doesNotExist();
    assertThat(storeRoot).isEmptyDirectory();
  }

  /**
   * A retried delete (its first reply was lost, or an operator removed the file) must not fail: the
   * workflow deletes at the end of retention and would otherwise fail with the job still shown as
   * completed.
   */
  @Test
  void deleteIsSafeToRepeat() throws Exception {
    start(storeAt(storeRoot));
    PublishedArtifact published = activities.publish(request, stage(content));
    activities.delete(published.location());

    activities.delete(published.location());

    assertThat(storeRoot.resolve(published.location().key())).doesNotExist();
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static ArtifactStores storeAt(Path root) {
    return new ArtifactStores(Map.of("default", new FilesystemArtifactStore("default", root)));
  }

  private void start(ArtifactStores stores) {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new ArtifactActivitiesImpl(stores, staging));
    activities =
        env.newActivityStub(
            ArtifactActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  private ExtractionResult stage(byte[] bytes) throws IOException {
    return stage(request, bytes);
  }

  private ExtractionResult stage(ExportRequest r, byte[] bytes) throws IOException {
    Path file = staging.fileFor(r);
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
    return new ExtractionResult(file.toString(), 2_000, bytes.length, 2_000);
  }

  private static ExportRequest request(String target) {
    return ExportRequest.builder()
        .jobId(JOB_ID)
        .tenant("demo")
        .type(ExportType.LEDGER)
        .format(ExportFormat.NDJSON)
        .range(
            new TimeRange(
                Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-11-01T00:00:00Z")))
        .filters(ExportFilters.none())
        .labels(Map.of())
        .retention("P30D")
        .target(target)
        .createdAt(Instant.parse("2026-11-02T08:00:00Z"))
        .requestedBy("dev-demo-writer")
        .callerScopes(Set.of("exports:write"))
        .build();
  }

  private static ThrowingConsumer<Throwable> applicationFailure(
      String type, ThrowingConsumer<ApplicationFailure> more) {
    return thrown -> {
      assertThat(thrown).isInstanceOf(ActivityFailure.class);
      assertThat(thrown.getCause()).isInstanceOf(ApplicationFailure.class);
      ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
      assertThat(failure.getType()).isEqualTo(type);
      more.accept(failure);
    };
  }

  private static Object fileKey(Path file) throws IOException {
    return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
  }

  private static String sha256Hex(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
