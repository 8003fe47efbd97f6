package io.exportjobs.worker.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.exportjobs.pack.ledger.Outcome;
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
import java.util.Map;
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
 * keeps the screenshot as a test artifact: {@code worker/target/screenshots/audit-report.png}.
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

    // the events-per-day chart: the only place with tall bars in the success colour
    int[] box = tallBars(image, 0x0072B2, 40);
    assertThat(box).as("no tall success-coloured bars: the chart is not drawn").isNotNull();
    assertThat(box[2] - box[0]).as("chart width in pixels").isGreaterThan(800);
    assertThat(box[3] - box[1]).as("chart height in pixels").isGreaterThan(120);
    // failures and denials are stacked on top of the bars: look a little above them too
    box[1] = Math.max(0, box[1] - 40);
    Set<Integer> colours = new HashSet<>();
    long failure = 0;
    long denied = 0;
    for (int y = box[1]; y <= box[3]; y++) {
      for (int x = box[0]; x <= box[2]; x++) {
        int rgb = image.getRGB(x, y);
        colours.add(rgb & 0xFFFFFF);
        failure += near(rgb, 0xD55E00) ? 1 : 0;
        denied += near(rgb, 0xE69F00) ? 1 : 0;
      }
    }
    // bars in the three outcome colours, the white plot area, grid lines and the axis
    assertThat(colours)
        .as("colours in the chart region")
        .contains(0x0072B2, 0xD55E00, 0xE69F00, 0xFFFFFF)
        .hasSizeGreaterThanOrEqualTo(6);
    assertThat(failure).as("failure-coloured pixels in the chart").isGreaterThan(100);
    assertThat(denied).as("denied-coloured pixels in the chart").isGreaterThan(100);
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

  @Test
  void hostileLedgerValuesStayTextInTheBrowser() throws Exception {
    AuditSummary hostile = new AuditSummary();
    Instant t = FROM.plusSeconds(3600);
    hostile.add(1, t, "<script>document.title='owned'</script>", "a", "r/1", Outcome.DENIED);
    hostile.add(2, t, "x", "\"><img src=x onerror=alert(1)>", "r/2", Outcome.FAILURE);
    hostile.add(3, t, "y", "b", "</svg></table><iframe src=javascript:alert(2)>", Outcome.DENIED);
    Path page = SCREENSHOTS.resolve("audit-report-hostile.html").toAbsolutePath();
    try (OutputStream out = Files.newOutputStream(page)) {
      AuditReports.html(hostile, ReportFixtures.meta(hostile, FROM, TO), out);
    }

    String dom = run("--dump-dom", page.toUri().toString());

    assertThat(count(dom, "<script")).isZero();
    assertThat(count(dom, "<img")).isZero();
    assertThat(count(dom, "<iframe")).isZero();
    assertThat(dom).contains("<title>Audit report");
    assertThat(dom).contains("&lt;script&gt;document.title='owned'&lt;/script&gt;");
    assertThat(count(dom, "<svg class=\"chart")).isEqualTo(3);
  }

  /** The other shapes a person will meet, kept as artifacts next to the main screenshot. */
  @Test
  void yearLongAndEmptyReportsRender() throws Exception {
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    Instant to = Instant.parse("2027-01-02T00:00:00Z");
    AuditSummary year = ReportFixtures.summarise(ReportFixtures.generate(from, 366, 40, 8));
    AuditSummary empty = new AuditSummary();
    for (var c :
        List.of(Map.entry("audit-report-366-days", year), Map.entry("audit-report-empty", empty))) {
      Path page = SCREENSHOTS.resolve(c.getKey() + ".html").toAbsolutePath();
      try (OutputStream out = Files.newOutputStream(page)) {
        AuditReports.html(c.getValue(), ReportFixtures.meta(c.getValue(), from, to), out);
      }
      Path png = SCREENSHOTS.resolve(c.getKey() + ".png").toAbsolutePath();
      Files.deleteIfExists(png);
      run(
          "--window-size=" + WIDTH + ",1300",
          "--force-device-scale-factor=1",
          "--screenshot=" + png,
          page.toUri().toString());
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image.getWidth()).isEqualTo(WIDTH);
      int[] bars = tallBars(image, 0x0072B2, 20);
      if (c.getValue().total() > 0) {
        assertThat(bars).isNotNull();
        assertThat(bars[2] - bars[0]).as("366 bars span the chart").isGreaterThan(800);
      } else {
        assertThat(bars).as("no bars in an empty report").isNull();
        assertThat(pixels(image, 0x0072B2)).as("the legend and the totals still show").isPositive();
      }
    }
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

  /**
   * {minX, minY, maxX, maxY} of the vertical runs of at least {@code minRun} pixels in colour
   * {@code rgb} (bars of a chart, not borders, swatches or text), or null if there are none.
   */
  private static int[] tallBars(BufferedImage image, int rgb, int minRun) {
    int[] box = null;
    for (int x = 0; x < image.getWidth(); x++) {
      int run = 0;
      for (int y = 0; y <= image.getHeight(); y++) {
        if (y < image.getHeight() && near(image.getRGB(x, y), rgb)) {
          run++;
          continue;
        }
        if (run >= minRun) {
          int top = y - run;
          if (box == null) {
            box = new int[] {x, top, x, y - 1};
          } else {
            box[0] = Math.min(box[0], x);
            box[1] = Math.min(box[1], top);
            box[2] = Math.max(box[2], x);
            box[3] = Math.max(box[3], y - 1);
          }
        }
        run = 0;
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
