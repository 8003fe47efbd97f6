package io.exportjobs.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM's heap figures from its {@code -Xlog:gc:file=…} log: every collection logs the heap in use
 * before and after it ({@code Pause Young (Normal) (G1 Evacuation Pause) 45M->12M(128M)}). The
 * largest "before" is the most heap the process had in use (it is fullest just before a
 * collection); the largest "after" is the most it had live.
 */
record GcLog(int collections, double peakInUseMiB, double peakLiveMiB, double heapMiB) {

  private static final Pattern PAUSE =
      Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

  /** The JVM option that writes the log this reads. */
  static String option(Path file) {
    return "-Xlog:gc:file=" + file;
  }

  static GcLog read(Path file) throws IOException {
    List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
    int collections = 0;
    double before = 0;
    double after = 0;
    double heap = 0;
    for (String line : lines) {
      Matcher m = PAUSE.matcher(line);
      if (line.contains("Pause") && m.find()) {
        collections++;
        before = Math.max(before, mib(m.group(1), m.group(2)));
        after = Math.max(after, mib(m.group(3), m.group(4)));
        heap = Math.max(heap, mib(m.group(5), m.group(6)));
      }
    }
    return new GcLog(collections, before, after, heap);
  }

  private static double mib(String value, String unit) {
    double v = Double.parseDouble(value);
    return switch (unit) {
      case "K" -> v / 1024;
      case "G" -> v * 1024;
      default -> v;
    };
  }
}
