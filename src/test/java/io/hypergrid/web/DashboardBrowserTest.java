package io.hypergrid.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.api.EventStreams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
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

    @RegisterExtension
    static final HeadlessChromium CHROMIUM = new HeadlessChromium("the dashboard's browser test");

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext application;

    private final WebDriver driver = CHROMIUM.driver();

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

        // the heatmaps' axes, chosen: seed across instead of η; η becomes a selector, held at its first value
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("select[data-axis='across']")))
                .selectByVisibleText("seed");
        wait.until(d -> d.findElements(By.cssSelector("#heatmaps td.hm-cell[data-eta='0.001']")).size() == 12);
        assertThat(texts("table.heatmap thead th.rowhead", "c.textContent")).hasSize(2)
                .allSatisfy(t -> assertThat(t).isEqualTo("λ \\ seed"));
        assertThat(texts("table.heatmap thead th:not(.rowhead)", "c.textContent")).containsExactly("0", "1", "0", "1");
        assertThat(driver.findElement(By.id("heatmap-title")).getText()).contains("λ × seed");
        assertThat(driver.findElements(By.cssSelector("select[aria-label*='eta']"))).hasSize(1);

        // which parameters mattered: a bar per varying dimension, named, as the API computed them (a full grid: exact)
        JsonNode importance = get("/api/searches/" + id + "/importance");
        wait.until(d -> "4".equals(d.findElement(By.id("importance")).getAttribute("data-bars")));
        assertThat(driver.findElement(By.id("importance")).getAttribute("data-method")).isEqualTo("grid");
        assertThat(driver.findElement(By.id("importance-method")).getText()).contains("exact variance decomposition")
                .contains("24 configurations");
        @SuppressWarnings("unchecked")
        List<List<Object>> bars = (List<List<Object>>) js.executeScript("""
                const o = echarts.getInstanceByDom(document.getElementById('importance')).getOption();
                return [o.yAxis[0].data, o.series[0].data];""");
        List<String> names = new java.util.ArrayList<>();
        List<Double> shares = new java.util.ArrayList<>();
        importance.get("parameters").forEach(p -> {
            names.add(0, p.get("name").asString()); // the most important on top: last in the chart's order
            shares.add(0, Math.round(p.get("importance").asDouble() * 1e4) / 1e4);
        });
        assertThat(names).containsExactlyInAnyOrder("lambda", "eta", "batchSize", "seed");
        assertThat(bars.get(0)).containsExactlyElementsOf(names.stream()
                .map(n -> Map.of("lambda", "λ", "eta", "η", "batchSize", "batch").getOrDefault(n, n)).toList());
        assertThat(bars.get(1).stream().map(v -> ((Number) v).doubleValue()).toList()).containsExactlyElementsOf(shares);

        // the optimisation history: one search, its steps as the API gives them, against trials or wall time
        JsonNode history = get("/api/searches/" + id + "/history");
        assertThat(history.get("finishedTrials").asInt()).isEqualTo(24);
        wait.until(d -> "1".equals(d.findElement(By.id("history")).getAttribute("data-series")));
        assertThat(driver.findElement(By.id("history")).getAttribute("data-steps"))
                .isEqualTo(String.valueOf(history.get("steps").size()));
        assertThat(historyLines("history").get(0).get(0).get(0).doubleValue())
                .isEqualTo(history.get("steps").get(0).get("trial").asDouble());
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector(
                "select[aria-label='Draw the history against']"))).selectByValue("seconds");
        wait.until(d -> "seconds".equals(d.findElement(By.id("history")).getAttribute("data-axis")));
        assertThat(historyLines("history").get(0).get(0).get(0).doubleValue())
                .isEqualTo(history.get("steps").get(0).get("seconds").asDouble());

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

        assertThat(CHROMIUM.consoleErrors()).as("console errors").isEmpty();

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
        assertThat(CHROMIUM.consoleErrors()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.getMessage()).contains("/api/searches").contains("400"));
    }

    @Test
    void aRunningSearchUpdatesInPlaceAndItsCancelButtonWorks() throws Exception {
        long id = submit("""
                {"name": "long browser test", "dataset": "synthetic", "grid": {"lambda": [0, 0.1], "eta": [0.001, 0.01]},
                 "fixed": {"epochs": 1000, "batchSize": 10}, "limits": {"maxParallelTrials": 1}}""");
        try {
            followedLiveAndCancelled(id);
        } finally { // a failure here must not leave the one worker busy for the tests after it
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/api/searches/" + id + "/cancel")))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    private String said(String path) {
        try {
            return get(path).toString();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private void followedLiveAndCancelled(long id) {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        JavascriptExecutor js = (JavascriptExecutor) driver;
        CHROMIUM.consoleErrors(); // reading the console empties it: start from a clean one

        driver.get(url("/#/searches/" + id));
        wait.until(d -> d.findElements(By.cssSelector("#heatmaps td.hm-cell[data-state='RUNNING']")).size() == 1);
        js.executeScript("window.hypergridMarker = 'same page'");
        assertThat(driver.findElements(By.cssSelector("#heatmaps td.hm-cell[data-state='PENDING']"))).hasSize(3);
        // the running cell counts its epochs up without a reload (read in one script: the cell may be redrawn between
        // two calls)
        String trial = (String) js.executeScript(
                "return document.querySelector(\"#heatmaps td.hm-cell[data-state='RUNNING']\").dataset.trialId");
        String text = "const c = document.querySelector(\"#heatmaps td.hm-cell[data-trial-id='" + trial + "']\");"
                + " return c ? c.innerText : null";
        Object before = js.executeScript(text);
        // ... through the event stream: while it is up the page asks for no status of its own (a poll would)
        assertThat(driver.findElement(By.id("progress")).getAttribute("data-live")).isEqualTo("stream");
        String statusRequests = "return performance.getEntriesByType('resource').filter(e => new URL(e.name).pathname"
                + " === '/api/searches/" + id + "').length";
        long statusBefore = ((Number) js.executeScript(statusRequests)).longValue();
        wait.until(d -> !java.util.Objects.equals(js.executeScript(text), before));
        Object later = js.executeScript(text);
        wait.until(d -> !java.util.Objects.equals(js.executeScript(text), later));
        assertThat(((Number) js.executeScript(statusRequests)).longValue()).as("status polls while streaming")
                .isEqualTo(statusBefore);
        assertThat(driver.findElement(By.id("progress")).getAttribute("data-live")).isEqualTo("stream");
        // nothing finished yet: no importance, and a message saying why
        assertThat(driver.findElement(By.id("importance")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("importance-method")).getText()).startsWith("Not yet")
                .contains("0 so far");

        // the live stream cut by the server (as a restart or a proxy would): the page polls, then follows it again
        assertThat(EventStreams.cut(application)).as("streams cut: the page's").isEqualTo(1);
        wait.until(d -> "polling".equals(d.findElement(By.id("progress")).getAttribute("data-live")));
        long cutAt = ((Number) js.executeScript(statusRequests)).longValue();
        wait.until(d -> ((Number) js.executeScript(statusRequests)).longValue() > cutAt); // a status poll
        Object polled = js.executeScript(text);
        wait.until(d -> !java.util.Objects.equals(js.executeScript(text), polled)); // still counting, by polling
        wait.until(d -> "stream".equals(d.findElement(By.id("progress")).getAttribute("data-live")));
        Object resumed = js.executeScript(text);
        wait.until(d -> !java.util.Objects.equals(js.executeScript(text), resumed)); // a poll in flight ends meanwhile
        long resumedAt = ((Number) js.executeScript(statusRequests)).longValue();
        Object streamed = js.executeScript(text);
        wait.until(d -> !java.util.Objects.equals(js.executeScript(text), streamed));
        assertThat(((Number) js.executeScript(statusRequests)).longValue()).as("status polls once the stream is back")
                .isEqualTo(resumedAt);
        assertThat(EventStreams.open(application)).as("the page's stream, open again").isEqualTo(1);

        // the tab out of sight (as a browser says when another tab is chosen): it lets go of its stream and asks for
        // nothing; seen again, it catches up and follows the stream again
        String visibility = "Object.defineProperty(document, 'hidden', {value: arguments[0], configurable: true});"
                + " document.dispatchEvent(new Event('visibilitychange'))";
        js.executeScript(visibility, true);
        assertThat(driver.findElement(By.id("progress")).getAttribute("data-live")).isEqualTo("hidden");
        wait.until(d -> EventStreams.open(application) == 0); // the server sees the close at its next write
        long hiddenAt = ((Number) js.executeScript(statusRequests)).longValue();
        Object hidden = js.executeScript(text);
        pause(Duration.ofSeconds(3)); // longer than a poll's interval: a hidden tab that polled would have asked
        assertThat(((Number) js.executeScript(statusRequests)).longValue()).as("status requests while hidden")
                .isEqualTo(hiddenAt);
        assertThat(js.executeScript(text)).as("a hidden tab is not redrawn").isEqualTo(hidden);
        js.executeScript(visibility, false);
        wait.until(d -> "stream".equals(d.findElement(By.id("progress")).getAttribute("data-live")));
        wait.until(d -> !java.util.Objects.equals(js.executeScript(text), hidden));
        assertThat(EventStreams.open(application)).as("the page's stream, taken again").isEqualTo(1);

        driver.findElement(By.cssSelector("button[aria-label='Cancel this search']")).click();

        // the three pending trials cancelled; the running one too, unless it finished its 1,000 epochs first (on a
        // fast machine it may)
        try {
            wait.until(d -> d.findElements(By.cssSelector("#heatmaps td.hm-cell[data-state='CANCELLED'],"
                    + " #heatmaps td.hm-cell[data-state='SUCCEEDED']")).size() == 4);
        } catch (RuntimeException e) {
            // say what the server and the page held: this is how the page's stale last drawing was found (a status
            // that said "ended" beside trials read just before the running one ended)
            System.out.println("cancelled search's trials: " + said("/api/searches/" + id + "/trials"));
            System.out.println("its status: " + said("/api/searches/" + id));
            System.out.println("the page's cells: " + driver.findElements(By.cssSelector("#heatmaps td.hm-cell"))
                    .stream().map(c -> c.getAttribute("data-state")).toList() + ", live: "
                    + driver.findElement(By.id("progress")).getAttribute("data-live"));
            throw e;
        }
        assertThat(driver.findElements(By.cssSelector("#heatmaps td.hm-cell[data-state='CANCELLED']")).size())
                .isGreaterThanOrEqualTo(3);
        // the status and the trials are two requests: the badge may follow one refresh later
        wait.until(d -> d.findElement(By.cssSelector("h1 .badge")).getText().equals("cancelled"));
        assertThat(driver.findElement(By.cssSelector("button[aria-label='Retry the failed and cancelled trials']"))
                .isEnabled()).isTrue();
        assertThat(js.executeScript("return window.hypergridMarker")).as("no reload").isEqualTo("same page");
        assertThat(CHROMIUM.consoleErrors()).as("console errors").isEmpty();
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
        CHROMIUM.consoleErrors(); // reading the console empties it: start from a clean one

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

        assertThat(CHROMIUM.consoleErrors()).as("console errors").isEmpty();
    }

    @Test
    void theHistoriesOfAGridARandomAndATpeSearchOnOneChart() throws Exception {
        // three strategies over the same space and data, six trials each
        String space = """
                "dataset": "synthetic", "fixed": {"epochs": 2, "batchSize": 100},
                "grid": {"lambda": {"min": 0.0001, "max": 0.1, "count": 3, "scale": "log"},
                         "eta": {"min": 0.001, "max": 0.01, "count": 2, "scale": "log"}}""";
        String ranges = space.replace(", \"count\": 3", "").replace(", \"count\": 2", "");
        long grid = awaitFinished(submit("{\"name\": \"history grid\", " + space + "}"));
        long random = awaitFinished(submit("{\"name\": \"history random\", " + ranges
                + ", \"strategy\": {\"type\": \"random\", \"trials\": 6, \"seed\": 1}}"));
        long tpe = awaitFinished(submit("{\"name\": \"history tpe\", " + ranges
                + ", \"strategy\": {\"type\": \"tpe\", \"trials\": 6, \"seed\": 1, \"startupTrials\": 3}}"));
        List<Long> ids = List.of(grid, random, tpe);
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        JavascriptExecutor js = (JavascriptExecutor) driver;
        CHROMIUM.consoleErrors(); // reading the console empties it: start from a clean one

        // picked from the list of searches (clicked in a script: the list may redraw between two calls)
        driver.get(url("/"));
        for (long id : ids) {
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("input[aria-label='Compare search " + id + "']")));
            js.executeScript("document.querySelector(arguments[0]).click()", "input[aria-label='Compare search " + id + "']");
        }
        js.executeScript("document.querySelector(arguments[0]).click()",
                "button[aria-label=\"Compare the selected searches' histories\"]");
        wait.until(d -> "3".equals(d.findElement(By.id("history-chart")).getAttribute("data-series")));
        assertThat(driver.getCurrentUrl()).endsWith("#/compare?searches=" + grid + "," + random + "," + tpe);

        // a series per search, named by its strategy in the legend; each the steps of its history, held to trial 6
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) js.executeScript("const o = echarts.getInstanceByDom("
                + "document.getElementById('history-chart')).getOption(); return o.legend[0].show === false ? []"
                + " : o.series.map(s => s.name)");
        assertThat(names).hasSize(3);
        assertThat(names.get(0)).startsWith("#" + grid + " grid: history grid");
        assertThat(names.get(1)).startsWith("#" + random + " random: history random");
        assertThat(names.get(2)).startsWith("#" + tpe + " tpe: history tpe");
        List<List<List<Number>>> lines = historyLines("history-chart");
        List<String> steps = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode history = get("/api/searches/" + ids.get(i) + "/history");
            assertThat(history.get("finishedTrials").asInt()).isEqualTo(6);
            steps.add(String.valueOf(history.get("steps").size()));
            List<List<Number>> line = lines.get(i);
            assertThat(line.get(0).get(1).doubleValue()).isEqualTo(history.get("steps").get(0).get("best").asDouble());
            assertThat(line.get(line.size() - 1).get(0).intValue()).as("held to the last trial").isEqualTo(6);
            assertThat(line.get(line.size() - 1).get(1).doubleValue()).isEqualTo(get("/api/searches/" + ids.get(i))
                    .get("best").get("validationAccuracy").asDouble());
        }
        assertThat(driver.findElement(By.id("history-chart")).getAttribute("data-steps")).isEqualTo(String.join(",", steps));
        assertThat(texts("#compared-searches tr.compared-search", "c.textContent")).hasSize(3)
                .allSatisfy(r -> assertThat(r).contains("6 of 6"));
        java.nio.file.Path shot = java.nio.file.Path.of("target", "dashboard-history.png");
        java.nio.file.Files.write(shot, driver.findElement(By.id("history-chart"))
                .getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        System.out.println("screenshot of the histories: " + shot.toAbsolutePath());

        // the TPE search's own page: a scatter of its six points (not a lattice), its strategy, history and importance
        driver.get(url("/#/searches/" + tpe));
        wait.until(d -> "6".equals(d.findElement(By.id("scatter")).getAttribute("data-points"))
                && "1".equals(d.findElement(By.id("history")).getAttribute("data-series"))
                && "fanova".equals(d.findElement(By.id("importance")).getAttribute("data-method")));
        assertThat(driver.findElement(By.id("strategy")).getText()).startsWith("TPE: 6 points");
        assertThat(driver.findElement(By.id("importance")).getAttribute("data-names").split(","))
                .containsExactlyInAnyOrder("lambda", "eta");
        assertThat(CHROMIUM.consoleErrors()).as("console errors").isEmpty();
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

    /** The points ([x, best]) of each series of the history chart in the element with this id. */
    @SuppressWarnings("unchecked")
    private List<List<List<Number>>> historyLines(String id) {
        return (List<List<List<Number>>>) ((JavascriptExecutor) driver).executeScript(
                "return echarts.getInstanceByDom(document.getElementById(arguments[0])).getOption().series"
                        + ".map(s => s.data.map(p => (p.value ?? p).slice(0, 2)))", id);
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

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
