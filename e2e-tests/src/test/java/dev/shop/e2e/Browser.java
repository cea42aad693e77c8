package dev.shop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * A real headless Chromium driven through ChromeDriver, both Debian's ({@code apt-get install chromium
 * chromium-driver}): nothing is downloaded at run time. Without them the browser tests fail and say how to install
 * them. Each browser has a profile of its own, so sessions (Keycloak's cookies) never leak between tests.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("shop.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("shop.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path profile;
    private final String baseUrl;

    private Browser(ChromeDriver driver, Path profile, String baseUrl) {
        this.driver = driver;
        this.profile = profile;
        this.baseUrl = baseUrl;
    }

    static Browser open() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("The browser tests need Chromium at " + CHROMIUM + " and ChromeDriver at "
                    + CHROMEDRIVER + ": sudo apt-get install -y chromium chromium-driver");
        }
        try {
            Path profile = Files.createTempDirectory("shop-browser");
            var service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .build();
            var options = new ChromeOptions()
                    .setBinary(CHROMIUM.toFile())
                    .addArguments(
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--window-size=1280,1000",
                            "--user-data-dir=" + profile);
            var logging = new LoggingPreferences();
            logging.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logging);
            return new Browser(new ChromeDriver(service, options), profile, storefrontUrl());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The gateway as a person running {@code ./shop up} reaches it: on {@code localhost}, the host Keycloak is on too,
     * so that Keycloak's cookies are the storefront's own site's (first-party) in its silent sign-in check.
     */
    static String storefrontUrl() {
        return ShopUnderTest.get().gatewayUrl().replace("127.0.0.1", "localhost");
    }

    /** Opens a page of the storefront by its path, once the page has started (signed in or not). */
    Browser go(String path) {
        driver.get(baseUrl + path);
        new WebDriverWait(driver, PATIENCE)
                .ignoring(WebDriverException.class) // the page may still be on its way back from Keycloak
                .withMessage(() -> "the storefront at " + driver.getCurrentUrl() + "; its console:\n" + console())
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("header nav")));
        return this;
    }

    String url() {
        return driver.getCurrentUrl();
    }

    String baseUrl() {
        return baseUrl;
    }

    /** The first element matching, once it is shown (waiting up to 30 s). */
    WebElement find(By by) {
        return new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    /** Waits until the page shows {@code text} somewhere. */
    void awaitText(String text) {
        new WebDriverWait(driver, PATIENCE)
                .withMessage(() -> "text '" + text + "' on " + driver.getCurrentUrl() + ":\n" + bodyText()
                        + "\nconsole:\n" + console())
                .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), text));
    }

    void awaitUrl(String part) {
        new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.urlContains(part));
    }

    /** What the page and everything it loaded transferred over the network so far (headers and compressed bodies). */
    long transferredBytes() {
        Object bytes = script("return performance.getEntriesByType('navigation')"
                + ".concat(performance.getEntriesByType('resource'))"
                + ".reduce((sum, entry) => sum + entry.transferSize, 0);");
        return ((Number) bytes).longValue();
    }

    /** What the page wrote to the browser's console: the first thing to read when a page does not show. */
    String console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(entry -> entry.getLevel() + " " + entry.getMessage())
                .collect(Collectors.joining("\n"));
    }

    String bodyText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    void type(By field, String text) {
        var element = find(field);
        element.clear();
        element.sendKeys(text);
    }

    void click(By by) {
        new WebDriverWait(driver, PATIENCE)
                .until(ExpectedConditions.elementToBeClickable(by))
                .click();
    }

    /** A label's input, by its accessible name: how a person finds a field. */
    static By field(String label) {
        return By.xpath("//label[contains(normalize-space(.), '" + label + "')]//*[self::input or self::select or "
                + "self::textarea]");
    }

    static By button(String text) {
        return By.xpath("//button[contains(normalize-space(.), '" + text + "')] | //a[@role='button' and "
                + "contains(normalize-space(.), '" + text + "')]");
    }

    static By link(String text) {
        return By.xpath("//a[contains(normalize-space(.), '" + text + "')]");
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /**
     * Runs axe-core on the page and returns its serious and critical violations (rule id and the elements). axe comes
     * from the storefront's dev dependencies; WebDriver's scripts are not subject to the page's CSP.
     */
    List<String> accessibilityViolations() {
        Path axe =
                Path.of(System.getProperty("shop.root", ".."), "storefront", "node_modules", "axe-core", "axe.min.js");
        try {
            driver.executeScript(Files.readString(axe));
        } catch (IOException e) {
            throw new UncheckedIOException("axe-core is installed with the storefront (npm ci): " + axe, e);
        }
        Object result = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                   .then(results => done(JSON.stringify(results.violations)))
                   .catch(failure => done(JSON.stringify([{ id: 'axe-failed', impact: 'critical',
                                                            nodes: [{ target: [String(failure)] }] }])));
                """);
        JsonNode violations = ShopClient.JSON.readTree(String.valueOf(result));
        return violations
                .valueStream()
                .filter(violation -> List.of("serious", "critical")
                        .contains(violation.path("impact").asString()))
                .map(violation -> violation.path("id").asString() + " "
                        + violation
                                .path("nodes")
                                .valueStream()
                                .map(node -> node.path("target").toString())
                                .toList())
                .toList();
    }

    void assertAccessible() {
        assertThat(accessibilityViolations()).as("axe-core on " + url()).isEmpty();
    }

    /** A screenshot of the page, to {@code target/screenshots/<name>.png}; the README shows the last run's. */
    void screenshot(String name) {
        try {
            Path directory = Path.of("target", "screenshots");
            Files.createDirectories(directory);
            Files.write(directory.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a profile left in the temporary directory harms nothing
        }
    }
}
