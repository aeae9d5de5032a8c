package io.hypergrid.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.springframework.util.FileSystemUtils;

/**
 * The machine's Chromium and ChromeDriver (Debian's packages, or HYPERGRID_CHROMIUM / HYPERGRID_CHROMEDRIVER), headless,
 * with a fresh profile and the browser console recorded; never a browser download. A test class registers it as a
 * static extension ({@code @RegisterExtension static final HeadlessChromium CHROMIUM = new HeadlessChromium("...")}):
 * the browser starts before the class's tests and quits after them. Without Chromium the class is skipped with a
 * message, unless HYPERGRID_REQUIRE_BROWSER=true (CI), where it fails.
 */
final class HeadlessChromium implements BeforeAllCallback, AfterAllCallback {
    private final String test;
    private WebDriver driver;
    private ChromeDriverService service;
    private Path profile;

    /** @param test what the skip message calls the test */
    HeadlessChromium(String test) {
        this.test = test;
    }

    WebDriver driver() {
        return driver;
    }

    /** The browser console's errors since the last read (reading the console empties it). */
    List<LogEntry> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Optional<Path> chromium = firstExecutable(System.getenv("HYPERGRID_CHROMIUM"), "/usr/bin/chromium",
                "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
        Optional<Path> chromedriver = firstExecutable(System.getenv("HYPERGRID_CHROMEDRIVER"), "/usr/bin/chromedriver",
                "/usr/lib/chromium/chromedriver");
        if (chromium.isEmpty() || chromedriver.isEmpty()) {
            String missing = "no " + (chromium.isEmpty() ? "chromium" : "chromedriver") + " found (apt-get install"
                    + " chromium chromium-driver, or set HYPERGRID_CHROMIUM and HYPERGRID_CHROMEDRIVER)";
            if ("true".equals(System.getenv("HYPERGRID_REQUIRE_BROWSER"))) {
                throw new IllegalStateException("HYPERGRID_REQUIRE_BROWSER is set but there is " + missing);
            }
            Assumptions.abort(test + " is skipped: " + missing);
        }
        profile = Files.createTempDirectory("hypergrid-chromium");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        // the background-networking flags matter on a closed network: without them connections are refused
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1280,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
    }

    private static Optional<Path> firstExecutable(String... candidates) {
        return Stream.of(candidates).filter(c -> c != null && !c.isBlank()).map(Path::of)
                .filter(Files::isExecutable).findFirst();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (driver != null) {
            driver.quit();
            service.stop();
        }
        if (profile != null) {
            FileSystemUtils.deleteRecursively(profile);
        }
    }
}
