package io.hypergrid.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A 10,000-trial search (100 x 100 over lambda and eta, issue #16) in a real headless Chromium: the page loads, its
 * canvas heatmap (log axes, rounded ticks, a tooltip per cell), top-k, curves and the paged table of trials render
 * within a few seconds (measured and printed), nothing is wider than the viewport, and the console has no error.
 * The search is submitted through the API (so its grid is planned and rounded as any other); its results are written
 * straight to the table, a smooth function of lambda and eta, so the test does not spend 80 s training: no instance
 * of this test trains ({@code hypergrid.execution.enabled=false}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:large-search;DB_CLOSE_DELAY=-1",
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.data.dir=target/no-cifar-here",
        "hypergrid.execution.enabled=false"})
// closed after its tests: a context left running adds its threads' garbage to ExportTest's heap measurement
@org.springframework.test.annotation.DirtiesContext
class LargeSearchBrowserTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** "Within a few seconds", on a shared 2-core machine. */
    private static final Duration LOAD_BUDGET = Duration.ofSeconds(10);

    @RegisterExtension
    static final HeadlessChromium CHROMIUM = new HeadlessChromium("the 10,000-trial browser test");

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate db;

    private final WebDriver driver = CHROMIUM.driver();

    @Test
    void aTenThousandTrialSearchLoadsWithinSecondsOnACanvas() throws Exception {
        long id = tenThousandFinishedTrials();
        JavascriptExecutor js = (JavascriptExecutor) driver;
        String heatmap = "#heatmaps .heatmap-chart";

        long start = System.nanoTime();
        driver.get("http://localhost:" + port + "/#/searches/" + id);
        new WebDriverWait(driver, LOAD_BUDGET.plusSeconds(20)).until(d -> {
            var charts = d.findElements(By.cssSelector(heatmap));
            return charts.size() == 1 && "10000".equals(charts.get(0).getAttribute("data-cells"))
                    && d.findElements(By.cssSelector("#top tr.top-row")).size() == 10
                    && "5".equals(d.findElement(By.id("curves")).getAttribute("data-series"))
                    && d.findElements(By.cssSelector("#trials-table tr.trial-row")).size() == 25;
        });
        Duration load = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf("10,000-trial search page: heatmap, top-k, curves and trials table rendered in %d ms%n",
                load.toMillis());
        assertThat(load).isLessThan(LOAD_BUDGET);
        HttpResponse<String> aggregate = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + "/api/searches/" + id + "/heatmap?x=eta&y=lambda&batchSize=100")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(aggregate.body()).get("cells").size()).isEqualTo(10_000);
        System.out.printf("its heatmap: %d bytes of JSON for 10,000 cells%n", aggregate.body().length());
        HttpResponse<byte[]> gzipped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + port + "/api/searches/" + id + "/heatmap?x=eta&y=lambda&batchSize=100"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(aggregate.body());
        System.out.printf("its heatmap gzipped, as a browser gets it: %d bytes%n", gzipped.body().length);
        Path shot = Path.of("target", "dashboard-10k.png");
        Files.write(shot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        System.out.println("screenshot: " + shot.toAbsolutePath());

        // the heatmap: a canvas, not 10,000 table cells; log axes for the log ranges; every cell with its value
        assertThat(driver.findElements(By.cssSelector("#heatmaps td"))).isEmpty();
        assertThat(driver.findElements(By.cssSelector(heatmap + " canvas"))).isNotEmpty();
        var chart = driver.findElement(By.cssSelector(heatmap));
        assertThat(chart.getAttribute("data-finished")).isEqualTo("10000");
        assertThat(chart.getAttribute("data-x-scale")).isEqualTo("log");
        assertThat(chart.getAttribute("data-y-scale")).isEqualTo("log");
        @SuppressWarnings("unchecked")
        Map<String, List<String>> ticks = (Map<String, List<String>>) js.executeScript("""
                const c = echarts.getInstanceByDom(document.querySelector(arguments[0]));
                const labels = a => c.getModel().getComponent(a, 0).axis.getViewLabels().map(l => l.formattedLabel);
                return {x: labels('xAxis'), y: labels('yAxis')};""", heatmap);
        assertThat(ticks.get("x")).hasSizeBetween(3, 12).contains("0.001", "0.01");
        assertThat(ticks.get("y")).hasSizeBetween(3, 12).contains("0.001");
        // rounded: at most 3 significant digits (no 1.07226722201e-4)
        assertThat(ticks.values().stream().flatMap(List::stream))
                .allSatisfy(t -> assertThat(t.replaceAll("e-?\\d+$", "").replaceAll("[^0-9]", "")
                        .replaceAll("^0+", "")).hasSizeLessThanOrEqualTo(3));
        // drawn: the second best cell is the yellow end of the colour ramp, the worst the purple end (a blank or
        // unsized canvas fails here)
        long worst = db.queryForObject("select id from trial where search_id = ? order by validation_accuracy,"
                + " grid_index limit 1", Long.class, id);
        long second = Long.parseLong(driver.findElements(By.cssSelector("#top tr.top-row")).get(1)
                .getAttribute("data-trial-id"));
        String pixel = """
                const el = document.querySelector(arguments[0]);
                const c = echarts.getInstanceByDom(el);
                const d = c.getOption().series[0].data.find(d => d.cell.trialId === arguments[1]);
                const [x, y] = c.convertToPixel({seriesIndex: 0}, [d.value[0], d.value[1]]);
                const canvas = el.querySelector('canvas');
                const r = canvas.width / canvas.clientWidth;
                return [...canvas.getContext('2d').getImageData(Math.round(x * r), Math.round(y * r), 1, 1).data];""";
        @SuppressWarnings("unchecked")
        List<Number> bright = (List<Number>) js.executeScript(pixel, heatmap, second);
        @SuppressWarnings("unchecked")
        List<Number> dark = (List<Number>) js.executeScript(pixel, heatmap, worst);
        assertThat(bright.get(0).intValue()).as("red of %s", bright).isGreaterThan(180);
        assertThat(bright.get(1).intValue()).as("green of %s", bright).isGreaterThan(180);
        assertThat(bright.get(2).intValue()).as("blue of %s", bright).isLessThan(120);
        assertThat(dark.get(0).intValue()).as("red of %s", dark).isLessThan(110);
        assertThat(dark.get(1).intValue()).as("green of %s", dark).isLessThan(60);
        assertThat(dark.get(2).intValue()).as("blue of %s", dark).isGreaterThan(60);
        // a tooltip per cell: the best cell's, with its values, accuracy and trial
        long best = db.queryForObject("select id from trial where search_id = ? order by validation_accuracy desc,"
                + " grid_index limit 1", Long.class, id);
        String tip = (String) js.executeScript("""
                const el = document.querySelector(arguments[0]);
                const c = echarts.getInstanceByDom(el);
                const data = c.getOption().series[0].data;
                const i = data.findIndex(d => d.cell.trialId === arguments[1]);
                c.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: i});
                return [...el.querySelectorAll('div')].map(d => d.innerText).find(t => t.includes('trial #')) || '';""",
                heatmap, best);
        double validation = db.queryForObject("select validation_accuracy from trial where id = ?", Double.class, best);
        assertThat(tip).contains("η 0.0", "λ ", String.format(java.util.Locale.ROOT, "validation %.2f %%", 100 * validation),
                String.format(java.util.Locale.ROOT, "test %.2f %%", 100 * validation - 1), "trial #" + best);

        // the history and the importance, from answers of a bounded size whatever the search's: a 100 x 100 grid whose
        // every point finished is decomposed exactly
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d ->
                "1".equals(d.findElement(By.id("history")).getAttribute("data-series"))
                        && "2".equals(d.findElement(By.id("importance")).getAttribute("data-bars")));
        assertThat(driver.findElement(By.id("importance")).getAttribute("data-method")).isEqualTo("grid");
        assertThat(driver.findElement(By.id("importance")).getAttribute("data-names").split(","))
                .containsExactlyInAnyOrder("lambda", "eta");
        assertThat(Integer.parseInt(driver.findElement(By.id("history")).getAttribute("data-steps")))
                .isBetween(1, 10_000);

        // the best trial tops the list; the trials table pages through all 10,000
        assertThat(driver.findElement(By.cssSelector("#top tr.top-row")).getAttribute("data-trial-id"))
                .isEqualTo(String.valueOf(best));
        assertThat(driver.findElement(By.id("trials-page")).getText()).isEqualTo("page 1 of 400 (10000 trials)");
        driver.findElement(By.cssSelector("button[aria-label='Next page of trials']")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d ->
                d.findElement(By.id("trials-page")).getText().startsWith("page 2 of 400"));

        // the axes swapped from their selectors: λ across, η down, aggregated again on the server and redrawn
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("select[data-axis='across']")))
                .selectByValue("lambda");
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
            var c = d.findElement(By.cssSelector(heatmap));
            return "lambda".equals(c.getAttribute("data-x")) && "eta".equals(c.getAttribute("data-y"))
                    && "10000".equals(c.getAttribute("data-finished"));
        });
        assertThat(driver.findElement(By.id("heatmap-title")).getText()).startsWith("Validation accuracy over η × λ");
        @SuppressWarnings("unchecked")
        List<Object> swapped = (List<Object>) js.executeScript("""
                const c = echarts.getInstanceByDom(document.querySelector(arguments[0]));
                const d = c.getOption().series[0].data.find(d => d.cell.trialId === arguments[1]);
                return [c.getOption().xAxis[0].name, c.getOption().yAxis[0].name, d.value[0], d.value[1]];""",
                heatmap, best);
        assertThat(swapped.subList(0, 2)).containsExactly("λ", "η");
        assertThat(((Number) swapped.get(2)).doubleValue()).as("the best cell's λ, across")
                .isEqualTo(db.queryForObject("select lambda from trial where id = ?", Double.class, best));
        assertThat(((Number) swapped.get(3)).doubleValue()).as("its η, down")
                .isEqualTo(db.queryForObject("select eta from trial where id = ?", Double.class, best));

        // nothing wider than the viewport: the page does not scroll sideways and no element sticks out
        assertThat((Boolean) js.executeScript(
                "return document.documentElement.scrollWidth <= document.documentElement.clientWidth")).isTrue();
        assertThat((List<?>) js.executeScript("""
                return [...document.querySelectorAll('body *')].filter(e => !e.closest('.scroll table'))
                    .filter(e => e.getBoundingClientRect().right > innerWidth + 1).map(e => e.tagName + '.' + e.className);""")
        ).isEmpty();

        assertThat(CHROMIUM.consoleErrors()).isEmpty();
    }

    /**
     * 100 x 100 log-spaced lambdas and etas, submitted through the API, then finished in the table: validation
     * accuracy peaks near 40 % around eta 0.01 and lambda 0.001, test one point below it.
     */
    private long tenThousandFinishedTrials() throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/searches"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"name": "10,000 trials", "dataset": "synthetic",
                         "grid": {"lambda": {"min": 0.00001, "max": 0.1, "count": 100, "scale": "log"},
                                  "eta": {"min": 0.0001, "max": 1, "count": 100, "scale": "log"}},
                         "fixed": {"epochs": 1}}""")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = JSON.readTree(created.body()).get("id").asLong();
        int updated = db.update("""
                update trial set state = 'SUCCEEDED', epochs_done = 1, attempt = 1,
                  started_at = current_timestamp, finished_at = current_timestamp, training_seconds = 0.01,
                  validation_accuracy = 0.1 + 0.3 * exp(-(power(log10(eta) + 2, 2) + power(log10(lambda) + 3, 2)) / 2),
                  validation_loss = 2.0, validation_cost = 2.0, train_accuracy = 0.5, train_loss = 1.5,
                  train_cost = 1.5, test_loss = 2.0, test_cost = 2.0
                where search_id = ?""", id);
        assertThat(updated).isEqualTo(10_000);
        db.update("update trial set test_accuracy = validation_accuracy - 0.01 where search_id = ?", id);
        db.update("""
                insert into epoch_metric (trial_id, epoch, eta, train_loss, train_cost, train_accuracy, validation_loss,
                  validation_cost, validation_accuracy, seconds)
                select id, e.x, eta, 2.3 - e.x * 0.5, 2.3 - e.x * 0.5, 0.1 + e.x * 0.3, 2.3 - e.x * 0.3,
                  2.3 - e.x * 0.3, case when e.x = 0 then 0.1 else validation_accuracy end, 0.01
                from trial, (select 0 as x union all select 1) e where search_id = ?""", id);
        return id;
    }
}
