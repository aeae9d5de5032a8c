package io.hypergrid.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.config.HypergridProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prometheus' scrapes, Grafana's queries and the image's health check against the running application (synthetic
 * data, in-memory H2, the instances' tokens from docker-compose.yml): the meter names come from the application's
 * own /actuator/prometheus after one tiny search has registered every Hypergrid meter.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:deploy-monitoring;DB_CLOSE_DELAY=-1",
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.data.dir=target/no-cifar-here",
        "hypergrid.workers=1",
        "hypergrid.execution.poll=100ms"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Compose compose = Compose.load();

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry registry;

    /** Sample name to its metric family, as the application exports them. */
    private final Map<String, String> samples = new LinkedHashMap<>();
    /** Family name to its type (gauge, counter, summary, histogram). */
    private final Map<String, String> families = new LinkedHashMap<>();

    /** The instances' tokens, as docker-compose.yml configures them. */
    @DynamicPropertySource
    static void tokensOfTheComposeFile(DynamicPropertyRegistry registry) {
        Compose compose = Compose.load();
        HypergridProperties.Security security = compose.config(compose.instances().get(0)).hypergrid().security();
        registry.add("hypergrid.security.admin-token-sha256", security::adminTokenSha256);
        registry.add("hypergrid.security.reader-token-sha256", security::readerTokenSha256);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Prometheus' job that scrapes the instances. */
    private Monitoring.Target instanceTarget() {
        return Monitoring.targets(Monitoring.prometheusConfig(compose)).stream()
                .filter(t -> compose.instances().contains(t.host())).findFirst().orElseThrow();
    }

    /** What Prometheus sends for a job: its authorization type and the credentials in the secret it names. */
    private String[] credentials(Monitoring.Target target) {
        Map<String, Object> auth = Compose.map(target.jobConfig().get("authorization"));
        if (auth.isEmpty()) {
            return null;
        }
        String type = String.valueOf(auth.getOrDefault("type", "Bearer"));
        String secret = String.valueOf(auth.get("credentials_file")).replaceFirst("^/run/secrets/", "");
        Map<String, Object> declared = Compose.map(Compose.map(compose.document.get("secrets")).get(secret));
        String value = declared.get("environment") != null
                ? Compose.DOCUMENTED_ENVIRONMENT.get(String.valueOf(declared.get("environment"))) : null;
        return new String[] {type, value};
    }

    private HttpResponse<String> scrape() throws Exception {
        Monitoring.Target target = instanceTarget();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(target.metricsPath())).GET();
        String[] credentials = credentials(target);
        if (credentials != null) {
            request.header("Authorization", credentials[0] + " " + credentials[1]);
        }
        return send(request, null);
    }

    /** One tiny synthetic search, so that the meters registered on a trial's end exist too; then one scrape. */
    @BeforeAll
    void searchOnceAndScrape() throws Exception {
        String search = """
                {"name": "deploy-monitoring", "dataset": "synthetic",
                 "grid": {"lambda": [0], "eta": [0.01]}, "fixed": {"epochs": 1, "batchSize": 100}}""";
        HttpResponse<String> submitted = send(HttpRequest.newBuilder(uri("/api/searches"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(search)),
                Compose.Tokens.ADMIN);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        long id = JSON.readTree(submitted.body()).get("id").asLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String state;
        do {
            Thread.sleep(200);
            JsonNode status = JSON.readTree(send(HttpRequest.newBuilder(uri("/api/searches/" + id)).GET(),
                    Compose.Tokens.READER).body());
            state = status.get("state").asString();
        } while (!List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(state) && System.nanoTime() < deadline);
        assertThat(state).isEqualTo("SUCCEEDED");

        HttpResponse<String> scrape = scrape();
        assertThat(scrape.statusCode()).as("Prometheus' scrape of " + instanceTarget().metricsPath()).isEqualTo(200);
        String family = null;
        for (String line : scrape.body().split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                family = parts[2];
                families.put(family, parts[3]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
                samples.put(line.substring(0, end), family);
            }
        }
    }

    @Test
    void prometheusCanScrapeTheInstancesWithTheSecretItIsGiven() throws Exception {
        assertThat(scrape().statusCode()).isEqualTo(200);
        // and the secret is needed: the path is not open once tokens are configured
        assertThat(send(HttpRequest.newBuilder(uri(instanceTarget().metricsPath())).GET(), null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void dashboardsQueryOnlySeriesThatExist() {
        assertThat(samples.keySet()).as("the application's series").anyMatch(s -> s.startsWith("hypergrid_"));
        for (Path f : Monitoring.dashboards(compose)) {
            Set<String> queried = new TreeSet<>();
            Monitoring.queries(Monitoring.json(f)).forEach(q -> queried.addAll(Monitoring.metricNames(q)));
            assertThat(queried).as(f.getFileName() + ": series the dashboard queries").isNotEmpty();
            Set<String> unknown = new TreeSet<>(queried);
            unknown.removeAll(samples.keySet());
            unknown.removeAll(Monitoring.PROMETHEUS_SERIES);
            assertThat(unknown).as(f.getFileName() + ": series that neither the application nor Prometheus writes")
                    .isEmpty();
        }
    }

    @Test
    void everyHypergridMeterIsOnADashboard() {
        Set<String> queriedFamilies = new LinkedHashSet<>();
        for (Path f : Monitoring.dashboards(compose)) {
            Monitoring.queries(Monitoring.json(f)).forEach(q -> Monitoring.metricNames(q).stream()
                    .map(samples::get).forEach(queriedFamilies::add));
        }
        List<String> hypergrid = new ArrayList<>();
        families.forEach((family, type) -> {
            // a timer's _max is a gauge of its own beside the summary: the summary's panel covers the meter
            boolean timerMax = family.endsWith("_max") && families.containsKey(family.substring(0, family.length() - 4));
            if (family.startsWith("hypergrid_") && !timerMax) {
                hypergrid.add(family);
            }
        });
        // each of the application's meters is one family of the scrape (the search registered those made at a trial's end)
        assertThat(hypergrid).as("Hypergrid's meters in the scrape").hasSize((int) registry.getMeters().stream()
                .map(m -> m.getId().getName()).filter(n -> n.startsWith("hypergrid.")).distinct().count());
        assertThat(queriedFamilies).as("meters some dashboard panel shows").containsAll(hypergrid);
    }

    @Test
    void theImagesHealthCheckCommandSeesTheApplicationUp() throws Exception {
        Dockerfile image = compose.image(compose.instances().get(0));
        int containerPort = compose.config(compose.instances().get(0)).serverPort();
        List<String> command = image.runtime().healthCheckCommand();
        assertThat(run(command, containerPort, port)).as(String.join(" ", command)).isZero();
        try (ServerSocket closed = new ServerSocket(0)) {
            int nobody = closed.getLocalPort();
            closed.close();
            assertThat(run(command, containerPort, nobody)).as("nothing listening").isNotZero();
        }
    }

    /** Runs the command with the container's port replaced by another; its exit code. */
    private static int run(List<String> command, int containerPort, int port) throws Exception {
        List<String> here = command.stream()
                .map(a -> a.replaceAll("(?<!\\d)" + containerPort + "(?!\\d)", String.valueOf(port))).toList();
        Process p = new ProcessBuilder(here).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("finished: " + here).isTrue();
        return p.exitValue();
    }
}
