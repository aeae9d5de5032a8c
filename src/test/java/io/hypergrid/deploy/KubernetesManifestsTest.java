package io.hypergrid.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.hypergrid.execution.WorkerPool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * deploy/kubernetes checked by tools: every overlay rendered by {@code kubectl kustomize}, every object read back
 * into fabric8's typed Kubernetes model with no field it does not know, the KEDA objects against KEDA's documented
 * schema, and the variables, ports, secrets and the drain against what the application reads and does. The probes'
 * paths against the running application: {@link KubernetesProbesTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubernetesManifestsTest {
    /** apiVersion/kind to the fabric8 class that models it. */
    private static final Map<String, Class<?>> MODEL = Map.of(
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            "v1/Service", Service.class,
            "v1/Secret", Secret.class,
            "apps/v1/Deployment", Deployment.class,
            "batch/v1/Job", Job.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

    /**
     * KEDA's ScaledObject and TriggerAuthentication fields as keda.sh documents them (reference/scaledobject-spec,
     * concepts/authentication, scalers/postgresql; KEDA 2.15 to 2.17): a map is an object's known fields, "*" any
     * string map, "behavior" the HPA's behavior (checked by fabric8's model).
     */
    private static final Map<String, Object> SCALED_OBJECT = Map.of(
            "apiVersion", "", "kind", "", "metadata", "meta",
            "spec", Map.ofEntries(
                    Map.entry("scaleTargetRef", Map.of("apiVersion", "", "kind", "", "name", "",
                            "envSourceContainerName", "")),
                    Map.entry("pollingInterval", ""), Map.entry("cooldownPeriod", ""),
                    Map.entry("initialCooldownPeriod", ""), Map.entry("idleReplicaCount", ""),
                    Map.entry("minReplicaCount", ""), Map.entry("maxReplicaCount", ""),
                    Map.entry("fallback", Map.of("failureThreshold", "", "replicas", "", "behavior", "")),
                    Map.entry("advanced", Map.of("restoreToOriginalReplicaCount", "",
                            "horizontalPodAutoscalerConfig", Map.of("name", "", "behavior", "behavior"),
                            "scalingModifiers", Map.of("target", "", "activationTarget", "", "metricType", "",
                                    "formula", ""))),
                    Map.entry("triggers", List.of(Map.of("type", "", "name", "", "metadata", "*",
                            "authenticationRef", Map.of("name", "", "kind", ""), "metricType", "",
                            "useCachedMetrics", "")))));
    private static final Map<String, Object> TRIGGER_AUTHENTICATION = Map.of(
            "apiVersion", "", "kind", "", "metadata", "meta",
            "spec", Map.of("secretTargetRef", List.of(Map.of("parameter", "", "name", "", "key", "")),
                    "env", List.of(Map.of("parameter", "", "name", "", "containerName", ""))));
    /** The postgresql scaler's metadata (keda.sh, scalers/postgresql). */
    private static final Set<String> POSTGRESQL_METADATA = Set.of("connectionFromEnv", "host", "port", "userName",
            "passwordFromEnv", "dbName", "sslmode", "query", "targetQueryValue", "activationTargetQueryValue");
    /** The parameters a TriggerAuthentication may give the postgresql scaler. */
    private static final Set<String> POSTGRESQL_AUTH = Set.of("connection", "password", "host", "port", "userName",
            "dbName", "sslmode");

    private final Map<Path, List<JsonNode>> rendered = new LinkedHashMap<>();
    private final ConfigurationMetadata metadata = ConfigurationMetadata.load();

    @BeforeAll
    void render() {
        List<Path> overlays = Kustomize.overlays();
        assertThat(overlays).extracting(p -> p.getFileName().toString()).contains("dev", "production");
        for (Path overlay : overlays) {
            rendered.put(overlay, Kustomize.render(overlay));
        }
    }

    @Test
    void everyObjectIsAKnownKindWithNoFieldItsModelDoesNotKnow() {
        rendered.forEach((overlay, objects) -> {
            assertThat(objects).as(overlay + " renders objects").isNotEmpty();
            for (JsonNode o : objects) {
                String key = o.path("apiVersion").asText() + "/" + o.path("kind").asText();
                String what = overlay.getFileName() + ": " + key + " " + o.path("metadata").path("name").asText();
                if (key.startsWith("keda.sh/v1alpha1/")) {
                    continue; // KEDA's own: kedaObjectsFollowKedasDocumentedSchema
                }
                assertThat(MODEL).as(what + ": a kind this test models").containsKey(key);
                Object typed = Kustomize.typed(o, MODEL.get(key));
                assertThat(Kustomize.unknownFields(typed)).as(what + ": fields unknown to fabric8's model").isEmpty();
            }
        });
    }

    @Test
    void kedaObjectsFollowKedasDocumentedSchema() {
        rendered.forEach((overlay, objects) -> {
            JsonNode scaled = only(objects, "ScaledObject");
            List<String> problems = new ArrayList<>();
            conform(scaled, SCALED_OBJECT, "ScaledObject", problems);
            JsonNode auth = only(objects, "TriggerAuthentication");
            conform(auth, TRIGGER_AUTHENTICATION, "TriggerAuthentication", problems);
            assertThat(problems).as(overlay + ": fields KEDA does not document").isEmpty();
            assertThat(scaled.path("apiVersion").asText()).isEqualTo("keda.sh/v1alpha1");
            assertThat(auth.path("apiVersion").asText()).isEqualTo("keda.sh/v1alpha1");

            JsonNode spec = scaled.path("spec");
            assertThat(spec.path("scaleTargetRef").path("name").asText()).as("scales the workers")
                    .isEqualTo("hypergrid-worker");
            int min = spec.path("minReplicaCount").asInt(-1);
            int max = spec.path("maxReplicaCount").asInt(-1);
            assertThat(min).as("minReplicaCount (0: scale to zero, the API Deployment stays)").isBetween(0, 1);
            assertThat(max).as("maxReplicaCount").isGreaterThan(Math.max(min, 1));
            JsonNode trigger = spec.path("triggers").get(0);
            assertThat(spec.path("triggers").size()).isEqualTo(1);
            assertThat(trigger.path("type").asText()).isEqualTo("postgresql");
            Set<String> keys = new TreeSet<>();
            trigger.path("metadata").fieldNames().forEachRemaining(keys::add);
            assertThat(POSTGRESQL_METADATA).as("the postgresql scaler's documented metadata").containsAll(keys);
            assertThat(keys).contains("query", "targetQueryValue");
            trigger.path("metadata").forEach(v -> assertThat(v.isTextual()).as("KEDA metadata values are strings: " + v)
                    .isTrue());
            assertThat(Double.parseDouble(trigger.path("metadata").path("targetQueryValue").asText())).isPositive();
            assertThat(trigger.path("authenticationRef").path("name").asText())
                    .isEqualTo(auth.path("metadata").path("name").asText());
            auth.path("spec").path("secretTargetRef").forEach(ref -> {
                assertThat(POSTGRESQL_AUTH).as("parameter of the postgresql scaler").contains(ref.path("parameter").asText());
                assertThat(ref.path("name").asText()).isEqualTo("hypergrid");
            });
            // the HPA behaviour inside: fabric8's autoscaling/v2 model
            JsonNode behavior = spec.path("advanced").path("horizontalPodAutoscalerConfig").path("behavior");
            HorizontalPodAutoscalerBehavior typed = Kustomize.typed(behavior, HorizontalPodAutoscalerBehavior.class);
            assertThat(Kustomize.unknownFields(typed)).as("behavior: fields unknown to the HPA model").isEmpty();
            assertThat(typed.getScaleDown().getStabilizationWindowSeconds())
                    .as("scale-down waits before cutting stacks short").isGreaterThanOrEqualTo(60);
        });
    }

    @Test
    void workersAreScaledByKedaAndTheApiStaysUpWithoutTraining() {
        rendered.forEach((overlay, objects) -> {
            Deployment workers = deployment(objects, "hypergrid-worker");
            Deployment api = deployment(objects, "hypergrid-api");
            assertThat(workers.getSpec().getReplicas()).as(overlay + ": KEDA owns the workers' replicas").isNull();
            assertThat(api.getSpec().getReplicas()).as(overlay + ": the API is always on").isGreaterThanOrEqualTo(1);
            assertThat(config(workers).hypergrid().execution().enabled()).isTrue();
            assertThat(config(api).hypergrid().execution().enabled()).as("the API trains nothing").isFalse();
            for (Deployment d : List.of(workers, api)) {
                assertThat(config(d).profiles).as(name(d) + ": on PostgreSQL").contains("postgres");
                assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).as(name(d) + ": selected by itself")
                        .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
            }
            Service service = Kustomize.typed(only(objects, "Service"), Service.class);
            for (Deployment d : List.of(workers, api)) {
                assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).as(name(d) + " behind the Service")
                        .containsAllEntriesOf(service.getSpec().getSelector());
            }
        });
    }

    @Test
    void everyVariableSetsAPropertyThatBindsAndEverySecretKeyExists() throws Exception {
        Set<String> documentedKeys = new TreeSet<>();
        Kustomize.documents(Files.readString(Kustomize.ROOT.resolve("overlays/production/secret.example.yaml")))
                .forEach(s -> s.path("stringData").fieldNames().forEachRemaining(documentedKeys::add));
        rendered.forEach((overlay, objects) -> {
            Set<String> keys = secretKeys(objects);
            for (Deployment d : deployments(objects)) {
                Container c = container(d);
                for (EnvVar v : c.getEnv()) {
                    if (ContainerConfig.RUNTIME_VARIABLES.contains(v.getName())) {
                        continue;
                    }
                    assertThat(metadata.propertySetBy(v.getName())).as(name(d) + ": " + v.getName()
                            + " is no property of the application").isPresent();
                    if (v.getValueFrom() != null) {
                        var ref = v.getValueFrom().getSecretKeyRef();
                        assertThat(ref.getName()).isEqualTo("hypergrid");
                        assertThat(documentedKeys).as("secret.example.yaml documents " + ref.getKey())
                                .contains(ref.getKey());
                        if (!keys.isEmpty()) {
                            assertThat(keys).as(overlay + "'s Secret has " + ref.getKey()).contains(ref.getKey());
                        }
                    }
                }
                ContainerConfig config = config(d);
                assertThatCode(config::hypergrid).as(name(d) + ": hypergrid.* binds").doesNotThrowAnyException();
                assertThat(config.violations()).as(name(d) + ": hypergrid.* is valid").isEmpty();
                for (String profile : config.profiles) {
                    assertThat(ContainerConfig.profileFileExists(profile)).as(profile + " has a file").isTrue();
                }
            }
            ServiceMonitor monitor = Kustomize.typed(only(objects, "ServiceMonitor"), ServiceMonitor.class);
            var credentials = monitor.getSpec().getEndpoints().get(0).getAuthorization().getCredentials();
            assertThat(credentials.getName()).isEqualTo("hypergrid");
            assertThat(documentedKeys).contains(credentials.getKey());
            JsonNode auth = only(objects, "TriggerAuthentication");
            auth.path("spec").path("secretTargetRef").forEach(r -> assertThat(documentedKeys).contains(r.path("key").asText()));
            // Prometheus finds the Service and scrapes the application's own metrics path on one of its ports
            Service service = Kustomize.typed(only(objects, "Service"), Service.class);
            assertThat(service.getMetadata().getLabels()).as("the ServiceMonitor selects the Service")
                    .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
            var endpoint = monitor.getSpec().getEndpoints().get(0);
            assertThat(service.getSpec().getPorts()).anyMatch(p -> p.getName().equals(endpoint.getPort()));
            assertThat(endpoint.getPath()).isEqualTo("/actuator/prometheus");
        });
    }

    @Test
    void probesPortsAndTheDrainFitTheApplication() {
        rendered.forEach((overlay, objects) -> {
            for (Deployment d : deployments(objects)) {
                Container c = container(d);
                ContainerConfig config = config(d);
                int serverPort = config.binder.bind("server.port", Integer.class).orElse(8080);
                assertThat(c.getPorts()).as(name(d) + ": the port the application listens on")
                        .anyMatch(p -> "http".equals(p.getName()) && p.getContainerPort() == serverPort);
                for (var probe : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
                    assertThat(probe).as(name(d) + ": startup, liveness and readiness probes").isNotNull();
                    HTTPGetAction get = probe.getHttpGet();
                    assertThat(get.getPort().getStrVal()).isEqualTo("http");
                    assertThat(KubernetesProbesTest.SERVED).as("a path the application serves").contains(get.getPath());
                }
                assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
                assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
                assertThat(config.binder.bind("management.endpoint.health.probes.enabled", Boolean.class).orElse(false))
                        .as(name(d) + ": the probe groups are on").isTrue();
                PodSpec pod = d.getSpec().getTemplate().getSpec();
                long preStop = c.getLifecycle() == null ? 0 : Long.parseLong(c.getLifecycle().getPreStop().getExec()
                        .getCommand().get(1));
                // the kubelet's SIGKILL must come after preStop, the workers' release and Spring's last phase
                assertThat(pod.getTerminationGracePeriodSeconds()).as(name(d) + ": terminationGracePeriodSeconds")
                        .isGreaterThan(preStop + WorkerPool.SHUTDOWN_WAIT.toSeconds() + 30);
                var resources = c.getResources();
                assertThat(resources.getLimits().get("memory")).as(name(d) + ": memory limit = request (no overcommit"
                        + " of a trainer's memory)").isEqualTo(resources.getRequests().get("memory"));
                if (config.hypergrid().execution().enabled()) {
                    long limit = Quantity.getAmountInBytes(resources.getLimits().get("memory")).longValue();
                    assertThat(limit).as("a worker's memory: above the measured peak of one worker on split all"
                            + " (README, On Kubernetes)").isGreaterThan(MEASURED_WORKER_PEAK_BYTES);
                    assertThat(config.hypergrid().workerCount()).isEqualTo(1);
                }
                assertThat(pod.getVolumes()).as(name(d) + ": the data set").anyMatch(v -> v.getPersistentVolumeClaim() != null
                        && "hypergrid-cifar10".equals(v.getPersistentVolumeClaim().getClaimName())
                        && Boolean.TRUE.equals(v.getPersistentVolumeClaim().getReadOnly()));
                assertThat(c.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals(String.valueOf(config.hypergrid().data().dir()))
                        && Boolean.TRUE.equals(m.getReadOnly()));
                assertThat(config.hypergrid().data().fetchOnStart()).as("one writer: the Job").isFalse();
            }
            Job job = Kustomize.typed(only(objects, "Job"), Job.class);
            Container fetch = job.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(fetch.getArgs()).startsWith("fetch-data");
            assertThat(fetch.getVolumeMounts()).allMatch(m -> !Boolean.TRUE.equals(m.getReadOnly()));
            assertThat(objects.stream().filter(o -> o.path("kind").asText().equals("PodDisruptionBudget")).count())
                    .as("a budget for the workers and one for the API").isEqualTo(2);
        });
    }

    /** VmHWM of the service with one worker training a stack of 16 trials on split all (README, On Kubernetes). */
    static final long MEASURED_WORKER_PEAK_BYTES = 1_527_336L * 1024;

    private static void conform(JsonNode node, Object schema, String path, List<String> problems) {
        if (schema instanceof Map<?, ?> fields) {
            if (!node.isObject()) {
                problems.add(path + ": not an object");
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!fields.containsKey(e.getKey())) {
                    problems.add(path + "." + e.getKey());
                } else {
                    conform(e.getValue(), fields.get(e.getKey()), path + "." + e.getKey(), problems);
                }
            }
        } else if (schema instanceof List<?> items) {
            if (!node.isArray()) {
                problems.add(path + ": not a list");
                return;
            }
            for (int i = 0; i < node.size(); i++) {
                conform(node.get(i), items.get(0), path + "[" + i + "]", problems);
            }
        } else if ("*".equals(schema) && !node.isObject()) {
            problems.add(path + ": not a map");
        } else if ("".equals(schema) && (node.isObject() || node.isArray())) {
            problems.add(path + ": not a value");
        }
    }

    private static JsonNode only(List<JsonNode> objects, String kind) {
        List<JsonNode> found = objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        assertThat(found).as("one " + kind).hasSize(1);
        return found.get(0);
    }

    private static List<Deployment> deployments(List<JsonNode> objects) {
        return objects.stream().filter(o -> "Deployment".equals(o.path("kind").asText()))
                .map(o -> Kustomize.typed(o, Deployment.class)).toList();
    }

    private static Deployment deployment(List<JsonNode> objects, String name) {
        return Kustomize.typed(Kustomize.find(objects, "Deployment", name).orElseThrow(() ->
                new AssertionError("no Deployment " + name)), Deployment.class);
    }

    private static Set<String> secretKeys(List<JsonNode> objects) {
        Set<String> keys = new TreeSet<>();
        objects.stream().filter(o -> "Secret".equals(o.path("kind").asText())).forEach(s -> {
            s.path("data").fieldNames().forEachRemaining(keys::add);
            s.path("stringData").fieldNames().forEachRemaining(keys::add);
        });
        return keys;
    }

    private static Container container(Deployment d) {
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static String name(Deployment d) {
        return d.getMetadata().getName();
    }

    /** The container's configuration: the image's ENV, then the Deployment's plain values (secrets as placeholders). */
    private static ContainerConfig config(Deployment d) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar v : container(d).getEnv()) {
            env.put(v.getName(), v.getValue() != null ? v.getValue() : secretPlaceholder(v.getName()));
        }
        return new ContainerConfig(Dockerfile.load().runtime().environment(), env);
    }

    private static String secretPlaceholder(String variable) {
        return variable.endsWith("SHA256") ? "0".repeat(64) : "from-the-secret";
    }
}
