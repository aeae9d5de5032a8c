package io.hypergrid.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard in a real headless Chromium (the machine's {@code chromium} and {@code chromedriver}, never a
 * download): a finished synthetic search in the list, its heatmap cells, top-k rows, curves and parallel
 * coordinates, a comparison, a trial with its curves, per-class bars, confusion matrix and weights picture, a
 * phone-width page, a running search that updates in place and cancels from its button, a search with successive
 * halving (pruned cells marked, epochs saved), a random search with repeats (a scatter, configurations with mean ± sd),
 * the export links, and not one console error. Skipped, saying so, where no Chromium is installed, unless
 * {@code HYPERGRID_REQUIRE_BROWSER=true} (CI), where that is a failure.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:search-api;DB_CLOSE_DELAY=-1",
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.data.dir=target/no-cifar-here",
        // one worker: the successive-halving search trains as one stack, so which trials it prunes is known
        "hypergrid.workers=1",
        "hypergrid.execution.poll=100ms"})
class DashboardBrowserTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static HeadlessChromium chromium;
    private static WebDriver driver;

    @LocalServerPort
    int port;

    @BeforeAll
    static void browser() throws IOException {
        chromium = HeadlessChromium.start("the dashboard's browser test");
        driver = chromium.driver;
    }

    @AfterAll
    static void close() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aFinishedSearchTrialAndComparisonWithoutConsoleErrors() throws Exception {
        long id = finishedSearch();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        JavascriptExecutor js = (JavascriptExecutor) driver;

        // the list
        driver.get(url("/"));
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr.search-row[data-search-id='" + id + "']")));
        assertThat(row.getAttribute("data-state")).isEqualTo("SUCCEEDED");
        assertThat(row.getText()).contains("browser test").contains("%");
        row.findElement(By.cssSelector("a")).click();

        // one search: 3 x 2 cells per batch size, two batch sizes, every cell coloured and labelled
        wait.until(d -> d.findElements(By.cssSelector("#heatmaps td.hm-cell")).size() == 12);
        assertThat(driver.findElements(By.cssSelector("#heatmaps td.hm-cell[data-seed='0']"))).hasSize(12);
        List<WebElement> batch50 = driver.findElements(By.cssSelector("table.heatmap[data-batch-size='50'] td.hm-cell"));
        assertThat(batch50).hasSize(6);
        assertThat(batch50).allSatisfy(c -> {
            assertThat(c.getAttribute("data-state")).isEqualTo("SUCCEEDED");
            assertThat(c.getText()).endsWith("%");
        });
        assertThat(driver.findElements(By.cssSelector("#top tr.top-row"))).hasSize(10);
        wait.until(d -> "5".equals(d.findElement(By.id("curves")).getAttribute("data-series")));
        assertThat(driver.findElements(By.cssSelector("#curves canvas"))).isNotEmpty();
        wait.until(d -> "24".equals(d.findElement(By.id("parallel")).getAttribute("data-lines")));
        assertThat(driver.findElement(By.id("progress")).getText()).contains("succeeded 24");
        // the grid's other varying dimension is a selector over the heatmaps
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("select[aria-label*='seed']")))
                .selectByVisibleText("1");
        assertThat(driver.findElements(By.cssSelector("#heatmaps td.hm-cell[data-seed='1']"))).hasSize(12);

        // compare two of the best
        List<WebElement> boxes = driver.findElements(By.cssSelector("#top input[type=checkbox]"));
        boxes.get(0).click();
        boxes.get(1).click();
        driver.findElement(By.xpath("//button[normalize-space()='Compare selected']")).click();
        wait.until(d -> "2".equals(d.findElement(By.id("compare-chart")).getAttribute("data-series")));
        assertThat(driver.findElements(By.cssSelector("#compared tr.compared-row"))).hasSize(2);

        // one trial, opened from a cell of the search's heatmap
        driver.navigate().back();
        WebElement cell = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("table.heatmap[data-batch-size='100'] td.hm-cell a")));
        cell.click();
        wait.until(d -> "10".equals(d.findElement(By.id("class-chart")).getAttribute("data-bars")));
        assertThat(driver.findElement(By.id("loss-chart")).getAttribute("data-points")).isEqualTo("4");
        assertThat(driver.findElement(By.id("accuracy-chart")).getAttribute("data-points")).isEqualTo("4");
        assertThat(driver.findElements(By.cssSelector("#confusion td.confusion-cell"))).hasSize(100);
        wait.until(d -> Boolean.TRUE.equals(js.executeScript(
                "const i = document.getElementById('weights-image'); return i.complete && i.naturalWidth > 0")));
        assertThat(((Number) js.executeScript("return document.getElementById('weights-image').naturalWidth")).intValue())
                .isEqualTo(1316);
        assertThat(driver.findElement(By.id("parameters")).getText()).contains("synthetic");

        // a phone: the page itself never scrolls sideways (wide tables scroll in their own box)
        driver.manage().window().setSize(new Dimension(390, 844));
        driver.get(url("/#/searches/" + id));
        wait.until(d -> d.findElements(By.cssSelector("#heatmaps td.hm-cell")).size() == 12);
        assertThat(((Number) js.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).intValue())
                .isLessThanOrEqualTo(0);
        driver.manage().window().setSize(new Dimension(1280, 1000));

        assertThat(severe()).as("console errors").isEmpty();

        // a rejected submission: the API's problem details next to the editor, field by field
        driver.get(url("/"));
        WebElement editor = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("search-json")));
        js.executeScript("arguments[0].value = arguments[1]", editor,
                "{\"dataset\": \"synthetic\", \"grid\": {\"lambda\": [-1], \"eta\": [0]}}");
        driver.findElement(By.cssSelector("button[type=submit][aria-label='Submit the search']")).click();
        WebElement problems = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#submit-messages .problems")));
        assertThat(problems.getText()).contains("grid.lambda").contains("grid.eta");
        // the only console entry allowed here is the browser's own note of the 400 itself
        // (its presence also shows that this test does read the console)
        assertThat(severe()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getMessage()).contains("/api/searches").contains("400"));
    }

    @Test
    void aRunningSearchUpdatesInPlaceAndItsCancelButtonWorks() throws Exception {
        long id = submit("""
                {"name": "long browser test", "dataset": "synthetic", "grid": {"lambda": [0, 0.1], "eta": [0.001, 0.01]},
                 "fixed": {"epochs": 1000, "batchSize": 10}, "limits": {"maxParallelTrials": 1}}""");
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        JavascriptExecutor js = (JavascriptExecutor) driver;
        severe(); // reading the console empties it: start from a clean one

        driver.get(url("/#/searches/" + id));
        wait.until(d -> d.findElements(By.cssSelector("#heatmaps td.hm-cell[data-state='RUNNING']")).size() == 1);
        js.executeScript("window.hypergridMarker = 'same page'");
        assertThat(driver.findElements(By.cssSelector("#heatmaps td.hm-cell[data-state='PENDING']"))).hasSize(3);
        // the running cell counts its epochs up without a reload
        WebElement running = driver.findElement(By.cssSelector("#heatmaps td.hm-cell[data-state='RUNNING']"));
        String trial = running.getAttribute("data-trial-id");
        String before = running.getText();
        // ... through the event stream: while it is up the page asks for no status of its own (a poll would)
        assertThat(driver.findElement(By.id("progress")).getAttribute("data-live")).isEqualTo("stream");
        String statusRequests = "return performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname"
                + " === '/api/searches/" + id + "').length";
        long statusBefore = ((Number) js.executeScript(statusRequests)).longValue();
        wait.until(d -> {
            List<WebElement> now = d.findElements(By.cssSelector("#heatmaps td.hm-cell[data-trial-id='" + trial + "']"));
            return !now.isEmpty() && !now.get(0).getText().equals(before);
        });
        String text = "const c = document.querySelector(\"#heatmaps td.hm-cell[data-trial-id='" + trial + "']\");"
                + " return c ? c.innerText : null"; // in one go: the cell may be redrawn between two calls
        Object later = js.executeScript(text);
        wait.until(d -> !java.util.Objects.equals(js.executeScript(text), later));
        assertThat(((Number) js.executeScript(statusRequests)).longValue()).as("status polls while streaming")
                .isEqualTo(statusBefore);
        assertThat(driver.findElement(By.id("progress")).getAttribute("data-live")).isEqualTo("stream");

        driver.findElement(By.cssSelector("button[aria-label='Cancel this search']")).click();

        wait.until(d -> d.findElements(By.cssSelector("#heatmaps td.hm-cell[data-state='CANCELLED']")).size() == 4);
        // the status and the trials are two requests: the badge may follow one refresh later
        wait.until(d -> d.findElement(By.cssSelector("h1 .badge")).getText().equals("cancelled"));
        assertThat(driver.findElement(By.cssSelector("button[aria-label='Retry the failed and cancelled trials']"))
                .isEnabled()).isTrue();
        assertThat(js.executeScript("return window.hypergridMarker")).as("no reload").isEqualTo("same page");
        assertThat(severe()).as("console errors").isEmpty();
    }

    @Test
    void prunedTrialsRepeatsARandomSearchAndTheExports() throws Exception {
        // the known answer of EarlyStoppingTest: eta 0.01 learns, 1e-7 and 1e-8 barely move; 9 trials of one stack, rung
        // at epoch 2 keeps the top ceil(9 / 3) = 3. Run alone, before the other search, so the one worker claims the
        // nine trials as one stack and judges them together.
        long halving = awaitFinished(submit("""
                {"name": "halving browser test", "dataset": "synthetic",
                 "grid": {"lambda": [0, 0.001, 0.01], "eta": [0.01, 1e-7, 1e-8]}, "fixed": {"epochs": 4, "batchSize": 100},
                 "strategy": {"type": "grid",
                              "earlyStopping": {"type": "successiveHalving", "minEpochs": 2, "reductionFactor": 3}}}"""));
        long random = awaitFinished(submit("""
                {"name": "random browser test", "dataset": "synthetic",
                 "grid": {"lambda": {"min": 0.0001, "max": 0.1, "scale": "log"},
                          "eta": {"min": 0.001, "max": 0.01, "scale": "log"}, "batchSize": [50, 100]},
                 "fixed": {"epochs": 2}, "strategy": {"type": "random", "trials": 4, "seed": 3}, "repeats": 2}"""));
        JsonNode halvingStatus = get("/api/searches/" + halving);
        int pruned = halvingStatus.get("trials").get("PRUNED").asInt();
        assertThat(pruned).as("pruned trials").isEqualTo(6);
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        JavascriptExecutor js = (JavascriptExecutor) driver;
        severe(); // reading the console empties it: start from a clean one

        // successive halving: the pruned cells hatched with the epoch they stopped at, the epochs saved, the strategy
        driver.get(url("/#/searches/" + halving));
        wait.until(d -> d.findElements(By.cssSelector("#heatmaps td.hm-cell")).size() == 9);
        // read in one script: the page redraws once more after loading
        assertThat(texts("#heatmaps td.hm-cell.pruned", "c.dataset.state + '|' + c.dataset.prunedAt + '|'"
                + " + c.querySelector('.prune-mark').textContent + '|' + c.dataset.eta")).hasSize(pruned)
                .allSatisfy(c -> assertThat(c).matches("PRUNED\\|2\\|✂2\\|1e-[78]"));
        assertThat(texts("#heatmaps td.hm-cell", "c.dataset.state")).filteredOn("SUCCEEDED"::equals).hasSize(9 - pruned);
        assertThat(driver.findElement(By.id("progress")).getText()).contains("pruned " + pruned);
        assertThat(driver.findElement(By.id("epochs-saved")).getText())
                .startsWith(halvingStatus.get("epochsSaved").asString()).startsWith("12");
        assertThat(driver.findElement(By.id("strategy")).getText()).contains("Grid search").contains("successive halving");
        assertThat(driver.findElement(By.id("app")).getText()).doesNotContain("null").doesNotContain("undefined");
        assertThat(texts("#top tr.top-row.pruned", "c.textContent")).hasSize(pruned)
                .allSatisfy(r -> assertThat(r).contains("pruned at 2"));
        assertThat(driver.findElements(By.id("configurations"))).as("no repeats, no configurations table").isEmpty();
        assertExportsResolve(halving, 9);

        // a pruned trial's own page: the results of the epoch it stopped at, no test set
        js.executeScript("document.querySelector('#heatmaps td.hm-cell.pruned a').click()");
        wait.until(d -> d.findElement(By.id("app")).getText().contains("where it was pruned"));

        // a random search with repeats: a scatter on log axes instead of heatmaps, the configurations over repeats
        driver.get(url("/#/searches/" + random));
        wait.until(d -> "4".equals(d.findElement(By.id("scatter")).getAttribute("data-points")));
        WebElement scatter = driver.findElement(By.id("scatter"));
        assertThat(scatter.getAttribute("data-x-scale")).isEqualTo("log");
        assertThat(scatter.getAttribute("data-y-scale")).isEqualTo("log");
        assertThat(driver.findElements(By.cssSelector("#scatter canvas"))).isNotEmpty();
        assertThat(driver.findElements(By.id("heatmaps"))).isEmpty();
        wait.until(d -> d.findElements(By.cssSelector("#configurations tr.config-row")).size() == 4);
        assertThat(texts("#configurations tr.config-row", "c.textContent")).allSatisfy(r ->
                assertThat(r.split("±", -1)).as("validation and test as mean ± sd: %s", r).hasSize(3));
        JsonNode ranking = get("/api/searches/" + random + "/top-configurations?k=4");
        WebElement note = driver.findElement(By.id("spread-note"));
        assertThat(note.getAttribute("data-within")).isEqualTo(ranking.get("bestTwoWithinSpread").asString());
        assertThat(note.getText()).contains(ranking.get("bestTwoWithinSpread").asBoolean() ? "within their spread" : "ahead");
        assertThat(driver.findElement(By.id("strategy")).getText()).contains("Random search: 4 points").contains("2 repeats");
        // one line per configuration (its mean), not per trial
        wait.until(d -> "4".equals(d.findElement(By.id("parallel")).getAttribute("data-lines")));
        assertExportsResolve(random, 8);

        // a phone: still no sideways scrolling
        driver.manage().window().setSize(new Dimension(390, 844));
        driver.navigate().refresh();
        wait.until(d -> d.findElements(By.cssSelector("#configurations tr.config-row")).size() == 4);
        assertThat(((Number) js.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).intValue())
                .isLessThanOrEqualTo(0);
        driver.manage().window().setSize(new Dimension(1280, 1000));

        assertThat(severe()).as("console errors").isEmpty();
    }

    /** The page's CSV and JSON links resolve: 200, the right type, a line (CSV) or an element (JSON) per trial. */
    private void assertExportsResolve(long id, int trials) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String csv = driver.findElement(By.id("export-csv")).getAttribute("href");
        String json = driver.findElement(By.id("export-json")).getAttribute("href");
        assertThat(csv).endsWith("/api/searches/" + id + "/trials.csv");
        assertThat(json).endsWith("/api/searches/" + id + "/trials.json");
        HttpResponse<String> c = http.send(HttpRequest.newBuilder(URI.create(csv)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(c.statusCode()).isEqualTo(200);
        assertThat(c.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(c.body().split("\n")).hasSize(trials + 1);
        HttpResponse<String> j = http.send(HttpRequest.newBuilder(URI.create(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(j.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(j.body()).size()).isEqualTo(trials);
    }

    /** An expression of each element c matching the selector, evaluated in one script (no stale elements). */
    @SuppressWarnings("unchecked")
    private List<String> texts(String selector, String expression) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(c => String(" + expression + "))", selector);
    }

    private JsonNode get(String path) throws Exception {
        return JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url(path))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private List<LogEntry> severe() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private long submit(String json) throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/api/searches")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("id").asLong();
    }

    /** Four varying dimensions: two batch sizes (two heatmaps), and a seed (a selector); a few epochs. */
    private long finishedSearch() throws Exception {
        return awaitFinished(submit("""
                {"name": "browser test", "dataset": "synthetic",
                 "grid": {"lambda": [0, 0.01, 0.1], "eta": [0.001, 0.01], "batchSize": [50, 100], "seed": [0, 1]},
                 "fixed": {"epochs": 3}}"""));
    }

    private long awaitFinished(long id) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url("/api/searches/" + id)))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            if (status.get("state").asString().equals("SUCCEEDED")) {
                return id;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("search " + id + " did not finish");
    }
}
