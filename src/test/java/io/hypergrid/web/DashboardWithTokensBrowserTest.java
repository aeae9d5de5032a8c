package io.hypergrid.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard with access tokens configured, in a real headless Chromium: without a token it loads but the API
 * refuses it and the token field says so; with the reader token typed in, it lists the searches and shows a trial's
 * weights picture, fetched with the token and shown from a blob: URL; no console errors once the token is set. Skipped
 * like DashboardBrowserTest where there is no Chromium, unless HYPERGRID_REQUIRE_BROWSER=true.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:dashboard-tokens;DB_CLOSE_DELAY=-1",
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.data.dir=target/no-cifar-here",
        "hypergrid.workers=1",
        "hypergrid.execution.poll=100ms",
        // one event stream per instance: a second one is refused, and the dashboard falls back to polling
        "hypergrid.events.max-streams=1",
        // printf %s admin-secret | sha256sum, and reader-secret
        "hypergrid.security.admin-token-sha256=16175223c8ddce5ace0493c948569c211b03c4c6bb3d3e484434999448cffe01",
        "hypergrid.security.reader-token-sha256=f03319dee240faa729e0cfa7ab5ffd80a1d64a127e3643f239009abff6382914"})
class DashboardWithTokensBrowserTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);
    @RegisterExtension
    static final HeadlessChromium CHROMIUM = new HeadlessChromium("the dashboard's browser test with tokens");

    @LocalServerPort
    int port;

    private final WebDriver driver = CHROMIUM.driver();

    @Test
    void theReaderTokenTypedInShowsTheSearchesAndTheWeightsPicture() throws Exception {
        long id = finishedSearch();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        JavascriptExecutor js = (JavascriptExecutor) driver;

        // no token: the page loads, the API says 401, the token field is marked
        driver.get(url("/"));
        WebElement field = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("access-token")));
        wait.until(d -> "true".equals(d.findElement(By.id("access-token")).getAttribute("aria-invalid")));
        assertThat(driver.findElements(By.cssSelector("tr.search-row"))).isEmpty();
        assertThat(CHROMIUM.consoleErrors()).anySatisfy(e -> assertThat(e.getMessage()).contains("401"));

        // the reader token: the list, then a trial with its weights picture through a blob: URL
        field.sendKeys("reader-secret");
        driver.findElement(By.xpath("//form[@id='token-form']//button[normalize-space()='Use token']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr.search-row[data-search-id='" + id + "']")));
        assertThat(js.executeScript("return sessionStorage.getItem('hypergrid.token')")).isEqualTo("reader-secret");
        assertThat(js.executeScript("return localStorage.length")).isEqualTo(0L);

        long trial = trialOf(id);
        driver.get(url("/#/trials/" + trial));
        wait.until(d -> Boolean.TRUE.equals(js.executeScript(
                "const i = document.getElementById('weights-image'); return !!i && i.complete && i.naturalWidth > 0")));
        assertThat(((Number) js.executeScript("return document.getElementById('weights-image').naturalWidth")).intValue())
                .isEqualTo(1316);
        assertThat((String) js.executeScript("return document.getElementById('weights-image').src")).startsWith("blob:");
        assertThat(CHROMIUM.consoleErrors()).as("console errors with the token set").isEmpty();
    }

    @Test
    void theEventStreamNeedsATokenAndTheDashboardPollsWhenItIsRefused() throws Exception {
        HttpResponse<String> created = call("/api/searches", "admin-secret", """
                {"name": "followed with tokens", "dataset": "synthetic", "grid": {"lambda": [0, 0.1]},
                 "fixed": {"epochs": 1000, "batchSize": 10}, "limits": {"maxParallelTrials": 1}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = JSON.readTree(created.body()).get("id").asLong();
        HttpClient http = HttpClient.newHttpClient();
        URI events = URI.create(url("/api/searches/" + id + "/events"));
        assertThat(http.send(HttpRequest.newBuilder(events).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);

        // the reader token opens the one stream this instance allows
        HttpResponse<java.io.InputStream> held = http.send(HttpRequest.newBuilder(events)
                .header("Authorization", "Bearer reader-secret").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(held.statusCode()).isEqualTo(200);
        java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(held.body()));
        assertThat(lines.readLine()).isEqualTo("event:status");
        HttpResponse<String> refused = call("/api/searches/" + id + "/events", "reader-secret", null);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("Too many event streams");

        // so the dashboard, refused a stream, polls, and still follows the search
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        JavascriptExecutor js = (JavascriptExecutor) driver;
        driver.get(url("/"));
        js.executeScript("sessionStorage.setItem('hypergrid.token', 'reader-secret')");
        driver.get(url("/#/searches/" + id));
        wait.until(d -> "polling".equals(d.findElement(By.id("progress")).getAttribute("data-live")));
        String epochs = "return document.querySelector('#progress dd').innerText";
        Object before = js.executeScript(epochs);
        wait.until(d -> !java.util.Objects.equals(js.executeScript(epochs), before));

        // the held stream closed, a new page gets the stream, sending the token from fetch
        held.body().close();
        wait.until(d -> {
            d.navigate().refresh();
            return new WebDriverWait(d, Duration.ofSeconds(3)).until(x -> {
                String live = x.findElement(By.id("progress")).getAttribute("data-live");
                return live == null ? null : live;
            }).equals("stream");
        });
        assertThat(call("/api/searches/" + id + "/cancel", "admin-secret", "").statusCode()).isEqualTo(200);
        CHROMIUM.consoleErrors(); // the refused stream's 503 is in the console on purpose
        js.executeScript("sessionStorage.clear()"); // the other tests start without a token
    }

    @Test
    void swaggerUiDeclaresTheBearerSchemeAndTriesItOutWithTheAdminToken() throws Exception {
        // the description: the scheme, and on every operation the requirement and which token it needs
        JsonNode docs = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url("/v3/api-docs"))).build(), HttpResponse.BodyHandlers.ofString()).body());
        JsonNode scheme = docs.get("components").get("securitySchemes").get("bearer");
        assertThat(scheme.get("type").asString()).isEqualTo("http");
        assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
        int operations = 0;
        for (var path : docs.get("paths").properties()) {
            for (var op : path.getValue().properties()) {
                operations++;
                String where = op.getKey() + " " + path.getKey();
                assertThat(op.getValue().get("security").toString()).as(where).isEqualTo("[{\"bearer\":[]}]");
                assertThat(op.getValue().get("x-hypergrid-token").asString()).as(where)
                        .isEqualTo(op.getKey().equals("get") ? "reader" : "admin");
            }
        }
        assertThat(operations).isGreaterThan(15);
        assertThat(docs.get("paths").get("/api/searches/{id}/cancel").get("post").get("x-hypergrid-token").asString())
                .isEqualTo("admin");

        // Swagger UI: "Try it out" is refused without a token, succeeds once the admin token is authorised
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        driver.get(url("/swagger-ui.html"));
        By block = By.xpath("//div[contains(@class,'opblock-get')][.//*[@data-path='/api/datasets']]");
        wait.until(ExpectedConditions.presenceOfElementLocated(block)).findElement(By.cssSelector(".opblock-summary-control"))
                .click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".try-out__btn"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.execute"))).click();
        By status = By.cssSelector(".live-responses-table .response-col_status");
        wait.until(d -> d.findElements(status).stream().anyMatch(e -> e.getText().startsWith("401")));

        driver.findElement(By.cssSelector(".auth-wrapper button.authorize")).click();
        WebElement value = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector(".auth-container input")));
        value.sendKeys("admin-secret");
        driver.findElement(By.cssSelector(".auth-btn-wrapper button.authorize")).click();
        driver.findElement(By.cssSelector(".auth-btn-wrapper button.btn-done")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.execute"))).click();
        wait.until(d -> d.findElements(status).stream().anyMatch(e -> e.getText().startsWith("200")));
        assertThat(driver.findElement(By.cssSelector(".live-responses-table")).getText()).contains("synthetic");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private HttpResponse<String> call(String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + token);
        if (json != null) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long finishedSearch() throws Exception {
        HttpResponse<String> created = call("/api/searches", "admin-secret", """
                {"name": "browser test with tokens", "dataset": "synthetic", "grid": {"lambda": [0, 0.01]},
                 "fixed": {"epochs": 2}}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        long id = JSON.readTree(created.body()).get("id").asLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = JSON.readTree(call("/api/searches/" + id, "reader-secret", null).body());
            if (status.get("state").asString().equals("SUCCEEDED")) {
                return id;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("search " + id + " did not finish");
    }

    private long trialOf(long search) throws Exception {
        JsonNode trials = JSON.readTree(call("/api/searches/" + search + "/trials", "reader-secret", null).body());
        return trials.get("items").get(0).get("id").asLong();
    }
}
