package io.exportjobs.e2e;

import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Temporal Web UI in Debian's headless chromium, as an operator would use it: the workflow list
 * filtered by a visibility query, and one workflow's page. Screenshots go to {@code
 * target/screenshots/}, where they outlive the run.
 */
final class WebUi implements AutoCloseable {

  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final String baseUrl;
  private final String namespace;
  private final ChromeDriver driver;

  private WebUi(String baseUrl, String namespace, ChromeDriver driver) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.namespace = namespace;
    this.driver = driver;
  }

  static WebUi open(String baseUrl, String namespace) {
    RealServers.Browser browser = RealServers.browser();
    ChromeOptions options = new ChromeOptions();
    // the binaries are given, so Selenium Manager never tries to download a browser or driver
    options.setBinary(browser.chromium());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-extensions",
        "--window-size=1600,1000",
        "--lang=en-US");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(browser.chromedriver()))
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(WAIT);
    return new WebUi(baseUrl, namespace, driver);
  }

  /**
   * Shows the export search attributes as columns of the workflow list, as an operator would pick
   * them in the list's "Configure Workflows Table" drawer (the UI keeps that choice in local
   * storage).
   */
  void showExportColumns() {
    showColumns(
        "Status", "Workflow ID", "ExportTenant", "ExportType", "ExportStatus", "Start", "End");
  }

  /** The workflow list's columns, by their labels, as picked in "Configure Workflows Table". */
  void showColumns(String... labels) {
    driver.get(baseUrl + "/namespaces/" + namespace + "/workflows");
    driver.executeScript(
        "localStorage.setItem('namespace-workflow-table-columns', JSON.stringify({[arguments[0]]:"
            + " arguments[1].map(label => ({label}))}));",
        namespace,
        List.of(labels));
  }

  /** The workflow list filtered by a visibility query, as typed into the UI's filter box. */
  void openWorkflowList(String query) {
    driver.get(
        baseUrl
            + "/namespaces/"
            + namespace
            + "/workflows?query="
            + URLEncoder.encode(query, StandardCharsets.UTF_8));
  }

  /** Waits until the list shows a row linking to that workflow; returns the row's text. */
  String awaitListed(String workflowId) {
    By row =
        By.xpath(
            "//*[@data-testid='workflows-summary-configurable-table-row']"
                + "[.//a[contains(@href, '/workflows/"
                + workflowId
                + "/')]]");
    return until(ExpectedConditions.visibilityOfElementLocated(row)).getText();
  }

  /** The workflow ids linked from the rows now shown. */
  List<String> listedWorkflowIds() {
    String prefix = "/namespaces/" + namespace + "/workflows/";
    return driver
        .findElements(By.cssSelector("[data-testid='workflows-summary-configurable-table-row'] a"))
        .stream()
        .map(a -> a.getDomAttribute("href"))
        .filter(h -> h != null && h.contains(prefix))
        .map(h -> h.substring(h.indexOf(prefix) + prefix.length()).split("/")[0])
        .distinct()
        .toList();
  }

  /** One run's page: its history, with the summary, the search attributes and the failure. */
  void openWorkflow(String workflowId, String runId) {
    driver.get(
        baseUrl
            + "/namespaces/"
            + namespace
            + "/workflows/"
            + workflowId
            + "/"
            + runId
            + "/history");
  }

  /** Waits until the page's visible text contains every one of {@code texts}. */
  void awaitText(String... texts) {
    until(
        d -> {
          String now = text();
          return Arrays.stream(texts).allMatch(now::contains);
        });
  }

  /**
   * Waits until the page or one of its frames (the UI renders user metadata, current details
   * included, as markdown in sandboxed frames) shows every one of {@code texts}.
   */
  void awaitTextInFrames(String... texts) {
    until(
        d -> {
          StringBuilder all = new StringBuilder(text());
          List<WebElement> frames = driver.findElements(By.tagName("iframe"));
          for (WebElement frame : frames) {
            try {
              driver.switchTo().frame(frame);
              all.append('\n').append(text());
            } catch (RuntimeException gone) {
              // re-rendered meanwhile: the next try reads it
            } finally {
              driver.switchTo().defaultContent();
            }
          }
          String now = all.toString();
          return Arrays.stream(texts).allMatch(now::contains);
        });
  }

  /**
   * Scrolls the run's Result panel to its end, where the failure's application details are (the
   * panel renders only the lines in view), and waits until they show {@code texts}.
   */
  void awaitResultEnd(String... texts) {
    until(
        d -> {
          driver.executeScript(
              "document.querySelectorAll('.cm-scroller')"
                  + ".forEach(s => s.scrollTop = s.scrollHeight);");
          String now = text();
          return Arrays.stream(texts).allMatch(now::contains);
        });
  }

  /** Opens one of the run page's tabs (Memo, User Metadata, Search Attributes, …). */
  void openTab(String name) {
    WebElement tab =
        until(
            ExpectedConditions.presenceOfElementLocated(
                By.xpath("//a[@role='tab'][contains(normalize-space(.), '" + name + "')]")));
    // a sticky header can lie over the tab bar; a script click is what a real click would do
    driver.executeScript("arguments[0].click();", tab);
  }

  /**
   * An explicit wait; when it times out, the page as it was (screenshot and text) is kept next to
   * the screenshots, so a failure in CI can be read without rerunning it.
   */
  private <T> T until(Function<WebDriver, T> condition) {
    try {
      return new WebDriverWait(driver, WAIT).until(condition);
    } catch (TimeoutException e) {
      try {
        Path shot = screenshot("timeout-" + System.currentTimeMillis());
        Files.writeString(Path.of(shot.toString().replace(".png", ".txt")), text());
        e.addInfo("page kept in", shot.toAbsolutePath().toString());
      } catch (IOException | RuntimeException keepFailed) {
        e.addSuppressed(keepFailed);
      }
      throw e;
    }
  }

  String text() {
    return driver.findElement(By.tagName("body")).getText();
  }

  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Path to = SCREENSHOTS.resolve(name + ".png");
    Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
    return to;
  }

  @Override
  public void close() {
    driver.quit();
  }
}
