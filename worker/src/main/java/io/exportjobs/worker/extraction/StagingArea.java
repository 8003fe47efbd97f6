package io.exportjobs.worker.extraction;

import io.exportjobs.shared.export.ExportRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The worker-local folder where artifacts are built before they are published. One file per job
 * attempt, named from the job id, so a retried or resumed activity finds its own partial output.
 */
@Component
public class StagingArea {

  private final Path root;

  public StagingArea(@Value("${exportjobs.data-dir:./.data}") String dataDir) {
    this.root = Path.of(dataDir).toAbsolutePath().normalize().resolve("staging");
  }

  public Path fileFor(ExportRequest request) {
    return dirFor(request).resolve(request.fileName() + ".part");
  }

  /** Where the entries of a pack or report are staged before the build step. */
  public Path entriesFileFor(ExportRequest request) {
    return dirFor(request).resolve("entries.ndjson");
  }

  public Path dirFor(ExportRequest request) {
    return root.resolve(request.tenant())
        .resolve(request.jobId())
        .resolve("attempt-" + request.attempt());
  }

  public void discard(ExportRequest request) throws IOException {
    Path dir = dirFor(request);
    if (Files.exists(dir)) {
      try (Stream<Path> paths = Files.walk(dir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    // the job's folder goes too once no attempt is left in it
    try {
      Files.deleteIfExists(dir.getParent());
    } catch (java.nio.file.DirectoryNotEmptyException otherAttempts) {
      // another attempt of the job still has files here
    }
  }
}
