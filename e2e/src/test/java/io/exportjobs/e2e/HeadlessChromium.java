package io.exportjobs.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium and chromedriver ({@code EXPORTJOBS_TEST_CHROMIUM}, {@code
 * EXPORTJOBS_TEST_CHROMEDRIVER}, set by `make test`), driven by Selenium without Selenium Manager:
 * nothing is downloaded. Skipped locally without them, a failure in CI.
 */
final class HeadlessChromium {

  private HeadlessChromium() {}

  static ChromeDriver start() {
    String chromium = require("EXPORTJOBS_TEST_CHROMIUM");
    String driver = require("EXPORTJOBS_TEST_CHROMEDRIVER");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1600,1200");
    org.openqa.selenium.logging.LoggingPreferences logs =
        new org.openqa.selenium.logging.LoggingPreferences();
    logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(driver)).build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    return chrome;
  }

  /** Keeps a screenshot under {@code e2e/target/screenshots/}. */
  static Path screenshot(ChromeDriver chrome, String name) throws IOException {
    Path dir = Path.of("target", "screenshots").toAbsolutePath();
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".png");
    Files.write(file, ((TakesScreenshot) chrome).getScreenshotAs(OutputType.BYTES));
    return file;
  }

  private static String require(String variable) {
    String value = System.getenv(variable);
    if (value != null && !value.isBlank()) {
      return value;
    }
    String message = variable + " is not set: this test needs Debian's chromium (run `make test`)";
    if ("1".equals(System.getenv("EXPORTJOBS_REQUIRE_SERVERS"))) {
      fail(message);
    }
    Assumptions.abort(message);
    return null;
  }
}
