package io.hypergrid.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hypergrid.cli.Args;
import io.hypergrid.cli.Cli;
import io.hypergrid.cli.FetchDataCommand;
import io.hypergrid.deploy.Compose.Mount;
import io.hypergrid.execution.WorkerPool;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * docker-compose.yml and the Prometheus and Grafana files it mounts, against the application: every setting it
 * passes is a property Spring Boot's configuration metadata lists, bound here by Spring Boot's own binder; ports,
 * volumes, start order, database, data set and scrape targets fit together. No Docker needed.
 */
class ComposeFileTest {
    /** The ports the third-party images listen on: their documented defaults, which the compose file keeps. */
    private static final Map<String, Integer> IMAGE_PORTS = Map.of("postgres", 5432, Monitoring.PROMETHEUS_IMAGE, 9090,
            Monitoring.GRAFANA_IMAGE, 3000);
    /** The host ports docker-compose.yml's header and the README give. */
    private static final Map<String, Integer> DOCUMENTED_HOST_PORTS = Map.of("hypergrid-1", 8081, "hypergrid-2", 8082,
            "prometheus", 9090, "grafana", 3000);

    private final Compose compose = Compose.load();
    private final Set<String> ours = compose.ours();
    private final ConfigurationMetadata metadata = ConfigurationMetadata.load();

    private Map<String, Object> service(String name) {
        return compose.services.get(name);
    }

    private Dockerfile image(String name) {
        return compose.image(name);
    }

    private ContainerConfig config(String name) {
        return compose.config(name);
    }

    /** A container path, relative ones from the image's working directory. */
    private String inContainer(String name, Path path) {
        return Path.of(image(name).runtime().workdir()).resolve(path).normalize().toString();
    }

    private int listeningPort(String name) {
        if (ours.contains(name)) {
            return config(name).serverPort();
        }
        String image = Compose.imageBase((String) service(name).get("image"));
        assertThat(IMAGE_PORTS).as("the port " + image + " listens on").containsKey(image);
        return IMAGE_PORTS.get(image);
    }

    private List<String> instances() {
        return compose.instances();
    }

    private String fetcher() {
        List<String> fetchers = ours.stream()
                .filter(n -> Compose.command(service(n)).stream().findFirst().orElse("").equals(new FetchDataCommand().name()))
                .toList();
        assertThat(fetchers).as("one one-shot fetch-data service").hasSize(1);
        return fetchers.get(0);
    }

    @Test
    void requiresTheTokensAndInterpolatesWithTheDocumentedVariables() {
        assertThat(compose.services).isNotEmpty();
        // without tokens an instance listens on its container's loopback only: the file refuses to start instead
        assertThatThrownBy(() -> new Compose(compose.file, Map.of()))
                .hasMessageContaining("HYPERGRID_ADMIN_TOKEN_SHA256");
    }

    @Test
    void everyServiceIsBuiltHereOrRunsAPinnedImage() {
        assertThat(ours).as("services of this project's image").isNotEmpty();
        compose.services.forEach((name, s) -> {
            if (s.containsKey("build")) {
                assertThat(Compose.buildContext(s).resolve(Compose.dockerfileName(s))).as(name + "'s Dockerfile").isRegularFile();
            } else if (!ours.contains(name)) {
                String image = (String) s.get("image");
                assertThat(image).as(name + ": an image or a build").isNotBlank();
                assertThat(Compose.imageTag(image)).as(name + ": " + image + " pinned to a tag").isNotEmpty().isNotEqualTo("latest");
            }
        });
    }

    @Test
    void publishedPortsReachAListeningPortAndAreTheDocumentedOnes() {
        Map<Integer, String> hostPorts = new HashMap<>();
        compose.services.forEach((name, s) -> Compose.ports(s).forEach(p -> {
            assertThat(p.container()).as(name + ": published " + p.host() + "->" + p.container()
                    + " reaches the port the container listens on").isEqualTo(listeningPort(name));
            assertThat(hostPorts.put(p.host(), name)).as("host port " + p.host() + " published twice").isNull();
        }));
        DOCUMENTED_HOST_PORTS.forEach((name, port) -> assertThat(hostPorts.get(port)).as("host port " + port)
                .isEqualTo(name));
    }

    @Test
    void everyVariableOfTheInstancesSetsAPropertyThatBinds() throws Exception {
        for (String name : ours) {
            Map<String, String> env = Compose.environment(service(name));
            for (String variable : env.keySet()) {
                if (ContainerConfig.RUNTIME_VARIABLES.contains(variable)) {
                    continue;
                }
                var property = metadata.propertySetBy(variable);
                assertThat(property).as(name + ": " + variable + " is no property of the application (relaxed binding:"
                        + " upper case, dots to _, dashes removed) nor a runtime variable").isPresent();
                String type = property.get().type();
                if (env.get(variable) != null && type != null && !type.contains("<")) {
                    ContainerConfig config = config(name);
                    Class<?> javaType = Class.forName(type);
                    assertThatCode(() -> config.binder.bind(property.get().name(), javaType))
                            .as(name + ": " + variable + "=" + env.get(variable) + " as " + type)
                            .doesNotThrowAnyException();
                }
            }
            ContainerConfig config = config(name);
            assertThatCode(config::hypergrid).as(name + ": hypergrid.* binds").doesNotThrowAnyException();
            assertThat(config.violations()).as(name + ": hypergrid.* is valid").isEmpty();
            for (String profile : config.profiles) {
                assertThat(ContainerConfig.profileFileExists(profile))
                        .as(name + ": profile " + profile + " has an application-" + profile + ".yml").isTrue();
            }
        }
    }

    @Test
    void stopGracePeriodOutlastsTheWorkersShutdown() {
        for (String name : instances()) {
            long grace = Compose.seconds(String.valueOf(service(name).getOrDefault("stop_grace_period", "10s")));
            // shorter, and Docker's SIGKILL comes before the running trials are released
            assertThat(grace).as(name + ": stop_grace_period").isGreaterThan(WorkerPool.SHUTDOWN_WAIT.toSeconds());
        }
    }

    @Test
    void instancesUseThePostgresServicesDatabase() {
        String pg = Monitoring.service(compose, "postgres");
        assertThat(pg).as("a PostgreSQL service").isNotNull();
        Map<String, String> pgEnv = Compose.environment(service(pg));
        Object test = Compose.map(service(pg).get("healthcheck")).get("test");
        assertThat(String.valueOf(test)).as(pg + ": a pg_isready health check").contains("pg_isready");
        assertThat(Compose.mounts(service(pg))).as(pg + ": data in a named volume")
                .anySatisfy(m -> {
                    assertThat(m.namedVolume()).isTrue();
                    assertThat(m.target()).isEqualTo("/var/lib/postgresql/data");
                });
        String user = pgEnv.getOrDefault("POSTGRES_USER", "postgres");
        String database = pgEnv.getOrDefault("POSTGRES_DB", user);
        for (String name : instances()) {
            ContainerConfig config = config(name);
            String url = config.string("spring.datasource.url");
            Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/(\\w+).*").matcher(url);
            assertThat(m.matches()).as(name + ": " + url + " is a PostgreSQL URL").isTrue();
            assertThat(m.group(1)).as(name + ": " + url).isEqualTo(pg);
            assertThat(m.group(2) == null ? 5432 : Integer.parseInt(m.group(2))).as(name + ": " + url)
                    .isEqualTo(listeningPort(pg));
            assertThat(m.group(3)).as(name + ": " + url).isEqualTo(database);
            assertThat(config.string("spring.datasource.username")).as(name).isEqualTo(user);
            assertThat(config.string("spring.datasource.password")).as(name).isEqualTo(pgEnv.get("POSTGRES_PASSWORD"));
        }
    }

    @Test
    void mountedFoldersExistAndNamedVolumesAreDeclaredAndUsed() {
        Set<String> declared = Compose.map(compose.document.get("volumes")).keySet();
        Set<String> used = new LinkedHashSet<>();
        compose.services.forEach((name, s) -> Compose.mounts(s).forEach(m -> {
            if (m.bind()) {
                // a missing one: Docker creates an empty folder in its place
                assertThat(Compose.ROOT.resolve(m.source())).as(name + ": bind source " + m.source()).exists();
            } else if (m.namedVolume()) {
                used.add(m.source());
                assertThat(declared).as(name + ": volume " + m.source() + " declared").contains(m.source());
            }
        }));
        assertThat(used).as("every declared volume is used").containsAll(declared);
    }

    @Test
    void theStartOrderCanBeMet() {
        boolean imageHasHealthCheck = !ours.isEmpty() && image(ours.iterator().next()).runtime().last("HEALTHCHECK") != null;
        compose.services.forEach((name, s) -> Compose.dependsOn(s).forEach((dependency, condition) -> {
            assertThat(compose.services).as(name + " depends on " + dependency).containsKey(dependency);
            Map<String, Object> target = service(dependency);
            if (condition.equals("service_healthy")) {
                Map<String, Object> hc = Compose.map(target.get("healthcheck"));
                boolean has = target.containsKey("healthcheck") ? !Boolean.TRUE.equals(hc.get("disable"))
                        : ours.contains(dependency) && imageHasHealthCheck;
                assertThat(has).as(name + " waits for " + dependency + " to be healthy, which has no health check:"
                        + " it would never start").isTrue();
            } else if (condition.equals("service_completed_successfully")) {
                assertThat(String.valueOf(target.getOrDefault("restart", "no"))).as(name + " waits for " + dependency
                        + " to complete: a restarting service never does").isIn("no", "on-failure");
            }
        }));
    }

    @Test
    void oneFetchDataServiceFillsTheVolumeTheInstancesRead() {
        String fetcher = fetcher();
        for (String name : ours) {
            List<String> command = Compose.command(service(name));
            if (!command.isEmpty() && !command.get(0).startsWith("--")) {
                assertThat(Cli.isCommand(command.get(0))).as(name + ": " + command + " names a command").isTrue();
            }
        }
        List<String> command = Compose.command(service(fetcher));
        List<String> options = command.subList(1, command.size());
        // parsed by the command's own parser, against the options it declares
        assertThatCode(() -> Args.parse(options.toArray(String[]::new), FetchDataCommand.OPTIONS, Set.of()))
                .as(fetcher + ": " + command).doesNotThrowAnyException();
        Args args = Args.parse(options.toArray(String[]::new), FetchDataCommand.OPTIONS, Set.of());
        ContainerConfig fetcherConfig = config(fetcher);
        String envDir = fetcherConfig.environment.get("HYPERGRID_DATA_DIR");
        Path dir = args.path("dir", envDir != null ? Path.of(envDir) : fetcherConfig.hypergrid().data().dir());
        String fetchDir = inContainer(fetcher, dir);
        Mount fetchMount = Compose.mounts(service(fetcher)).stream().filter(m -> m.holds(fetchDir)).findFirst().orElse(null);
        assertThat(fetchMount).as(fetcher + " writes " + fetchDir + " into a mount").isNotNull();
        assertThat(fetchMount.namedVolume() && !fetchMount.readOnly()).as(fetcher + ": " + fetchMount
                + " is a writable named volume").isTrue();

        assertThat(instances()).isNotEmpty();
        for (String name : instances()) {
            ContainerConfig config = config(name);
            String dataDir = inContainer(name, config.hypergrid().data().dir());
            Mount mount = Compose.mounts(service(name)).stream().filter(m -> m.holds(dataDir)).findFirst().orElse(null);
            assertThat(mount).as(name + " reads " + dataDir + " from a mount").isNotNull();
            assertThat(mount.source()).as(name + ": the volume " + fetcher + " fills").isEqualTo(fetchMount.source());
            assertThat(mount.inside(dataDir)).as(name + ": the folder " + fetcher + " fills")
                    .isEqualTo(fetchMount.inside(fetchDir));
            assertThat(Compose.dependsOn(service(name))).as(name + " waits for " + fetcher + " to complete")
                    .containsEntry(fetcher, "service_completed_successfully");
            assertThat(config.hypergrid().data().fetchOnStart() && mount.readOnly())
                    .as(name + ": fetch-on-start would write to a read-only volume").isFalse();
        }
    }

    @Test
    void prometheusScrapesEveryInstanceOnItsPortWithTheReaderTokenSecret() {
        String prometheus = Monitoring.service(compose, Monitoring.PROMETHEUS_IMAGE);
        assertThat(prometheus).as("a Prometheus service").isNotNull();
        Path file = Monitoring.hostPath(compose, prometheus, Monitoring.PROMETHEUS_CONFIG);
        assertThat(file).as(prometheus + ": configuration mounted on " + Monitoring.PROMETHEUS_CONFIG).isNotNull();
        assertThat(file).isRegularFile();

        Set<String> scraped = new LinkedHashSet<>();
        List<String> secrets = Compose.list(service(prometheus).get("secrets")).stream().map(String::valueOf).toList();
        Set<String> declaredSecrets = Compose.map(compose.document.get("secrets")).keySet();
        for (Monitoring.Target t : Monitoring.targets(Monitoring.prometheusConfig(compose))) {
            String target = "job " + t.job() + ": " + t.host() + ":" + t.port();
            assertThat(compose.services).as(target + " is a service").containsKey(t.host());
            assertThat(t.port()).as(target + " on the port it listens on").isEqualTo(listeningPort(t.host()));
            scraped.add(t.host());
            Object credentials = Compose.map(t.jobConfig().get("authorization")).get("credentials_file");
            if (ours.contains(t.host()) && credentials != null) {
                String secret = String.valueOf(credentials).replaceFirst("^/run/secrets/", "");
                assertThat(secrets).as(target + ": " + credentials + " is a secret of " + prometheus).contains(secret);
                assertThat(declaredSecrets).as("secret " + secret + " declared").contains(secret);
            }
        }
        assertThat(scraped).as("every instance scraped").containsAll(instances());
    }

    @Test
    void grafanaIsProvisionedFromMountedFilesThatFitTogether() {
        String grafana = Monitoring.service(compose, Monitoring.GRAFANA_IMAGE);
        assertThat(grafana).as("a Grafana service").isNotNull();

        List<Path> datasourceFiles = Monitoring.files(Monitoring.hostPath(compose, grafana, Monitoring.GRAFANA_DATASOURCES),
                ".yml", ".yaml");
        assertThat(datasourceFiles).as("datasource provisioning mounted").isNotEmpty();
        Set<String> uids = new LinkedHashSet<>();
        for (Path f : datasourceFiles) {
            for (Object d : Compose.list(Compose.yaml(f).get("datasources"))) {
                Map<String, Object> ds = Compose.map(d);
                uids.add(String.valueOf(ds.get("uid")));
                Matcher url = Pattern.compile("https?://([^:/]+):(\\d+).*").matcher(String.valueOf(ds.get("url")));
                assertThat(url.matches()).as("datasource " + ds.get("name") + ": " + ds.get("url")).isTrue();
                assertThat(compose.services).as("datasource " + ds.get("url")).containsKey(url.group(1));
                assertThat(Integer.parseInt(url.group(2))).as("datasource " + ds.get("url"))
                        .isEqualTo(listeningPort(url.group(1)));
            }
        }

        List<Path> providerFiles = Monitoring.files(
                Monitoring.hostPath(compose, grafana, Monitoring.GRAFANA_DASHBOARD_PROVIDERS), ".yml", ".yaml");
        assertThat(providerFiles).as("dashboard provisioning mounted").isNotEmpty();
        for (Path f : providerFiles) {
            for (Object p : Compose.list(Compose.yaml(f).get("providers"))) {
                String path = (String) Compose.map(Compose.map(p).get("options")).get("path");
                assertThat(Monitoring.hostPath(compose, grafana, path)).as("provider path " + path + " mounted")
                        .isNotNull().isDirectory();
            }
        }
        String home = Compose.environment(service(grafana)).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        if (home != null) {
            assertThat(Monitoring.hostPath(compose, grafana, home)).as("home dashboard " + home).isNotNull().isRegularFile();
        }

        List<Path> dashboards = Monitoring.dashboards(compose);
        assertThat(dashboards).as("dashboards").isNotEmpty();
        Set<String> jobs = new LinkedHashSet<>();
        Monitoring.targets(Monitoring.prometheusConfig(compose)).forEach(t -> jobs.add(t.job()));
        for (Path f : dashboards) {
            JsonNode dashboard = Monitoring.json(f);
            assertThat(Monitoring.datasourceUids(dashboard)).as(f.getFileName() + ": datasources provisioned")
                    .isSubsetOf(uids);
            List<String> queries = Monitoring.queries(dashboard);
            assertThat(queries).as(f.getFileName() + ": queries").isNotEmpty();
            for (String q : queries) {
                assertThat(Monitoring.jobs(q)).as(f.getFileName() + ": " + q + " names a scrape job").isSubsetOf(jobs);
            }
        }
    }
}
