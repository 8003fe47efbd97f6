package io.exportjobs.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * One figure of the goal table as a benchmark measured it, saved for {@link BenchReport} under
 * {@code -Dbench.dir} (scripts/bench.sh sets it to {@code target/bench}) and printed as a BENCH
 * line. {@code ok} is false when what the figure presumes did not hold (an export failed, an
 * artifact was wrong): the goal then counts as missed whatever the ratio.
 */
record BenchFigure(String id, String measured, double ratio, boolean ok, String detail) {

  static Path dir() {
    return Path.of(System.getProperty("bench.dir", "../target/bench"));
  }

  void save() {
    System.out.printf(
        Locale.ROOT,
        "BENCH figure %s: %s; ratio %.3f; ok=%s; %s%n",
        id,
        measured,
        ratio,
        ok,
        detail);
    Properties p = new Properties();
    p.setProperty("measured", measured);
    p.setProperty("ratio", Double.toString(ratio));
    p.setProperty("ok", Boolean.toString(ok));
    p.setProperty("detail", detail);
    try {
      Path figures = dir().resolve("figures");
      Files.createDirectories(figures);
      try (Writer w =
          Files.newBufferedWriter(figures.resolve(id + ".properties"), StandardCharsets.UTF_8)) {
        p.store(w, null);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
