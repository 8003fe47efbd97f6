package io.exportjobs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Go interop checker in {@code src/test/go/tlogcheck}: built with {@code go build} (modules
 * golang.org/x/mod and github.com/transparency-dev/merkle, pinned by its go.sum, from the Go module
 * proxy the machine uses), then run as a user would.
 */
final class Tlogcheck {

  private static final Path SOURCE = Path.of("src/test/go/tlogcheck");
  private final Path binary;

  private Tlogcheck(Path binary) {
    this.binary = binary;
  }

  /** Builds the checker into {@code target/tlogcheck/}. */
  static Tlogcheck build() throws IOException, InterruptedException {
    Path out = Path.of("target/tlogcheck/tlogcheck").toAbsolutePath();
    Files.createDirectories(out.getParent());
    Result built =
        run(
            SOURCE,
            Map.of("GOFLAGS", "-mod=mod -buildvcs=false"),
            TimeUnit.MINUTES.toSeconds(10),
            RealServers.go(),
            "build",
            "-o",
            out.toString(),
            ".");
    if (built.exit != 0) {
      throw new IllegalStateException("go build failed:\n" + built.output + built.errors);
    }
    return new Tlogcheck(out);
  }

  record Result(int exit, String output, String errors) {
    JsonNode json() {
      try {
        return new ObjectMapper().readTree(output);
      } catch (IOException e) {
        throw new IllegalStateException("tlogcheck printed no JSON: " + output + errors, e);
      }
    }
  }

  Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    return run(Path.of("."), Map.of(), 600, command.toArray(String[]::new));
  }

  private static Result run(Path dir, Map<String, String> env, long seconds, String... command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("tlogcheck-", ".out");
    Path err = Files.createTempFile("tlogcheck-", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().putAll(env);
      Process p = builder.start();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out after " + seconds + " s: " + List.of(command));
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
