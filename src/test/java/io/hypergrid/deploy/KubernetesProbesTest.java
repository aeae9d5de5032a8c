package io.hypergrid.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * The paths the Kubernetes probes ask (deploy/kubernetes, checked there by {@link KubernetesManifestsTest}) against the
 * running application, configured with the same switch the Deployments set
 * (MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED) and with tokens, as on a cluster: the probes need none, and readiness
 * goes DOWN (503) when the application refuses traffic, which is what Spring Boot signals first when it shuts down.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:deploy-probes;DB_CLOSE_DELAY=-1",
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.data.dir=target/no-cifar-here",
        "hypergrid.workers=1",
        "hypergrid.security.admin-token-sha256=" + KubernetesProbesTest.DIGEST,
        "hypergrid.security.reader-token-sha256=" + KubernetesProbesTest.DIGEST,
        "management.endpoint.health.probes.enabled=true"})
class KubernetesProbesTest {
    static final String DIGEST = "a665a45920422f9d417e4867efdc4fb8a04a1f3fff1fa07e998e86f7f7a27ae3";
    /** The paths the manifests may probe. */
    static final List<String> SERVED = List.of("/actuator/health/liveness", "/actuator/health/readiness");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void probesAnswerWithoutATokenAndReadinessGoesDownWhenTheInstanceRefusesTraffic() throws Exception {
        for (String path : SERVED) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"UP\"");
        }
        assertThat(get("/actuator/prometheus").statusCode()).as("metrics need the reader token").isEqualTo(401);
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        try {
            assertThat(get("/actuator/health/readiness").statusCode()).as("readiness while draining").isEqualTo(503);
            assertThat(get("/actuator/health/liveness").statusCode()).as("still alive while draining").isEqualTo(200);
        } finally {
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        }
    }
}
