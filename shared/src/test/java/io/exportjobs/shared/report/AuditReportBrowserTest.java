package io.exportjobs.shared.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the report of a realistic quarter in headless Chromium, as a person would open it, and
 * keeps the screenshot as a test artifact: {@code shared/target/screenshots/audit-report.png}.
 */
class AuditReportBrowserTest {

  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final int WIDTH = 1280;
  static final int HEIGHT = 2400;
  static final Instant FROM = Instant.parse("2026-09-01T00:00:00Z");
  static final Instant TO = Instant.parse("2026-12-01T00:00:00Z");

  static Path chromium;
  static Path html;
  static AuditSummary summary;

  @TempDir Path profile;

  @BeforeAll
  static void writeReport() throws IOException {
    chromium = chromium();
    summary = ReportFixtures.summarise(ReportFixtures.generate(FROM, 91, 160, 42));
    Files.createDirectories(SCREENSHOTS);
    html = SCREENSHOTS.resolve("audit-report.html").toAbsolutePath();
    try (OutputStream out = Files.newOutputStream(html)) {
      AuditReports.html(summary, ReportFixtures.meta(summary, FROM, TO), out);
    }
  }

  @Test
  void screenshotShowsTheChartsInTheirColours() throws Exception {
    Path png = SCREENSHOTS.resolve("audit-report.png").toAbsolutePath();
    Files.deleteIfExists(png);
    run(
        "--window-size=" + WIDTH + "," + HEIGHT,
        "--force-device-scale-factor=1",
        "--screenshot=" + png,
        html.toUri().toString());

    assertThat(png).exists();
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(WIDTH);
    assertThat(image.getHeight()).isEqualTo(HEIGHT);

    // the events-per-day chart: where the success colour is, and what else is drawn there
    int[] box = boundingBox(image, 0x0072B2);
    assertThat(box).as("no pixel in the success colour: the chart is not drawn").isNotNull();
    assertThat(box[2] - box[0]).as("chart width in pixels").isGreaterThan(600);
    assertThat(box[3] - box[1]).as("chart height in pixels").isGreaterThan(100);
    Set<Integer> colours = new HashSet<>();
    for (int y = box[1]; y <= box[3]; y++) {
      for (int x = box[0]; x <= box[2]; x++) {
        colours.add(image.getRGB(x, y) & 0xFFFFFF);
      }
    }
    assertThat(colours).as("distinct colours in the chart region").hasSizeGreaterThan(20);
    assertThat(pixels(image, 0xD55E00)).as("failure-coloured pixels").isGreaterThan(200);
    assertThat(pixels(image, 0xE69F00)).as("denied-coloured pixels").isGreaterThan(200);
  }

  @Test
  void renderedDomHasTheChartsAndTheTable() throws Exception {
    String dom = run("--dump-dom", html.toUri().toString());

    assertThat(count(dom, "<svg class=\"chart timeline\"")).isEqualTo(1);
    assertThat(count(dom, "<svg class=\"chart bars\"")).isEqualTo(2);
    // one rect per non-empty outcome of each of the 91 days: at least one per day
    String timeline = between(dom, "<svg class=\"chart timeline\"", "</svg>");
    assertThat(count(timeline, "<rect ")).isGreaterThanOrEqualTo(91);
    String actions = between(dom, "id=\"top-actions\"", "</section>");
    assertThat(count(actions, "<g class=\"row\"")).isEqualTo(10);
    assertThat(count(dom, "<script")).isZero();
    // the failures table lists as many rows as the summary holds
    String table = between(dom, "id=\"failures-and-denials\"", "</section>");
    assertThat(count(table, "<tr>") - 1).isEqualTo(summary.flagged().size());
    assertThat(dom).contains(Text.count(summary.total()));
  }

  private String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(chromium.toString());
    command.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Path log = profile.resolve("chromium.log");
    Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(stdout);
    }
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish: " + Files.readString(log));
    }
    assertThat(p.exitValue()).as("chromium exit code; log:%n%s", Files.readString(log)).isZero();
    return stdout.toString(StandardCharsets.UTF_8);
  }

  private static Path chromium() {
    String configured = System.getenv("EXPORTJOBS_TEST_CHROMIUM");
    Path binary =
        Path.of(configured == null || configured.isBlank() ? "/usr/bin/chromium" : configured);
    if (!Files.isExecutable(binary)) {
      String message = "no Chromium at " + binary + " (set EXPORTJOBS_TEST_CHROMIUM)";
      if ("1".equals(System.getenv("EXPORTJOBS_REQUIRE_SERVERS"))) {
        fail(message);
      }
      Assumptions.abort(message);
    }
    return binary;
  }

  /** {minX, minY, maxX, maxY} of the pixels of exactly {@code rgb}, or null. */
  private static int[] boundingBox(BufferedImage image, int rgb) {
    int[] box = null;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if (near(image.getRGB(x, y), rgb)) {
          if (box == null) {
            box = new int[] {x, y, x, y};
          } else {
            box[0] = Math.min(box[0], x);
            box[1] = Math.min(box[1], y);
            box[2] = Math.max(box[2], x);
            box[3] = Math.max(box[3], y);
          }
        }
      }
    }
    return box;
  }

  private static long pixels(BufferedImage image, int rgb) {
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if (near(image.getRGB(x, y), rgb)) {
          n++;
        }
      }
    }
    return n;
  }

  private static boolean near(int argb, int rgb) {
    return Math.abs((argb >> 16 & 255) - (rgb >> 16 & 255)) <= 3
        && Math.abs((argb >> 8 & 255) - (rgb >> 8 & 255)) <= 3
        && Math.abs((argb & 255) - (rgb & 255)) <= 3;
  }

  static int count(String text, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  static String between(String text, String start, String end) {
    int from = text.indexOf(start);
    assertThat(from).as("%s in the document", start).isNotNegative();
    int to = text.indexOf(end, from);
    return text.substring(from, to < 0 ? text.length() : to);
  }
}
