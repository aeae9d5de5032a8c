package io.hypergrid.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.hypergrid.deploy.Dockerfile.Instruction;
import io.hypergrid.deploy.Dockerfile.Stage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The image: the Dockerfile and .dockerignore against what the build produces (pom.xml's jar) and what the
 * application reads (its configuration, bound as a container of the image would bind it). No Docker needed.
 */
class DockerfileTest {
    private final Dockerfile dockerfile = Dockerfile.load();
    private final Stage runtime = dockerfile.runtime();
    /** The configuration inside a container of the image, started without any further settings. */
    private final ContainerConfig config = new ContainerConfig(runtime.environment(), Map.of());

    /** The jar pom.xml builds: target/FINALNAME.jar. */
    static String jarName() throws Exception {
        var pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Compose.ROOT.resolve("pom.xml").toFile());
        var build = pom.getDocumentElement().getElementsByTagName("build");
        var finalName = build.getLength() == 0 ? null
                : ((Element) build.item(0)).getElementsByTagName("finalName");
        String name = finalName == null || finalName.getLength() == 0 ? null : finalName.item(0).getTextContent().strip();
        assertThat(name).as("pom.xml's <finalName>").isNotBlank();
        return name + ".jar";
    }

    /** A container path, relative ones taken from the runtime stage's working directory. */
    private String inContainer(String path) {
        return Path.of(runtime.workdir()).resolve(path).normalize().toString();
    }

    private List<String> volumes() {
        List<String> out = new ArrayList<>();
        for (Instruction v : runtime.all("VOLUME")) {
            List<String> exec = v.execForm();
            out.addAll(exec != null ? exec : v.words());
        }
        return out;
    }

    private boolean inAVolume(String containerPath) {
        return volumes().stream().anyMatch(v -> containerPath.equals(v) || containerPath.startsWith(v + "/"));
    }

    @Test
    void buildsOnAJdkAndRunsOnAGlibcJre() {
        assertThat(dockerfile.stages).as("a build stage and a runtime stage").hasSizeGreaterThanOrEqualTo(2);
        // ND4J's and OpenBLAS's native libraries need glibc and libstdc++: they do not load on Alpine's musl
        assertThat(runtime.image()).as("the runtime image").doesNotContainIgnoringCase("alpine").containsIgnoringCase("jre");
    }

    @Test
    void copiesOnlyWhatTheContextHoldsAndDockerignoreLetsThrough() {
        List<String> earlier = new ArrayList<>();
        for (Stage stage : dockerfile.stages) {
            for (Instruction i : stage.instructions()) {
                if (!i.keyword().equals("COPY") && !i.keyword().equals("ADD")) {
                    continue;
                }
                List<String> words = i.words();
                String from = i.options().get("from");
                if (from != null) {
                    assertThat(earlier).as(i + ": an earlier stage").contains(from);
                    continue;
                }
                for (String source : words.subList(0, words.size() - 1)) {
                    assertThat(dockerfile.context.resolve(source)).as(i + ": in the build context").exists();
                    assertThat(dockerfile.ignored(source)).as(i + ": " + source + " is excluded by .dockerignore,"
                            + " so the build would fail").isFalse();
                }
            }
            earlier.add(stage.name());
        }
    }

    @Test
    void dockerignoreKeepsDataAndBuildOutputOut() {
        // ~180 MB of CIFAR-10 and the H2 database, and the host's build output: never sent to the daemon
        for (String path : List.of("data", "data/cifar-10-batches-bin/data_batch_1.bin", "data/hypergrid.mv.db",
                "target", "target/hypergrid.jar", ".git")) {
            assertThat(dockerfile.ignored(path)).as(path + " excluded from the build context").isTrue();
        }
        assertThat(dockerfile.ignored("src/main/java")).isFalse();
    }

    @Test
    void runsAsANonRootUser() {
        Instruction user = runtime.last("USER");
        assertThat(user).as("USER in the runtime stage").isNotNull();
        assertThat(user.body().split(":")[0]).as("USER " + user.body()).isNotIn("root", "0");
    }

    @Test
    void healthCheckProbesActuatorHealthOnTheServerPortWithoutCurl() {
        Instruction health = runtime.last("HEALTHCHECK");
        assertThat(health).as("HEALTHCHECK in the runtime stage").isNotNull();
        assertThat(health.body()).doesNotStartWithIgnoringCase("NONE");
        List<String> exec = runtime.healthCheckCommand();
        assertThat(exec).as("HEALTHCHECK CMD").isNotNull();
        String command = String.join(" ", exec);
        assertThat(command).contains("/actuator/health").contains(String.valueOf(config.serverPort()));
        // the JRE image has neither (MonitoringTest runs this very command against the application)
        assertThat(command).doesNotContainPattern("\\b(curl|wget)\\b");
    }

    @Test
    void exposesTheServerPort() {
        List<String> exposed = runtime.all("EXPOSE").stream().flatMap(e -> e.words().stream())
                .map(p -> p.split("/")[0]).toList();
        assertThat(exposed).contains(String.valueOf(config.serverPort()));
    }

    @Test
    void keepsTheDataSetAndTheDefaultDatabaseInAVolume() {
        String dataDir = inContainer(config.hypergrid().data().dir().toString());
        assertThat(inAVolume(dataDir)).as("hypergrid.data.dir " + dataDir + " under a VOLUME " + volumes()).isTrue();
        // the default profile's H2 file database: jdbc:h2:file:PATH;options
        Matcher h2 = Pattern.compile("jdbc:h2:file:([^;]+).*").matcher(config.string("spring.datasource.url"));
        assertThat(h2.matches()).as(config.string("spring.datasource.url")).isTrue();
        String db = inContainer(h2.group(1));
        assertThat(inAVolume(db)).as("the H2 database " + db + " under a VOLUME " + volumes()).isTrue();
    }

    @Test
    void sizesTheHeapForOffHeapArraysAndGivesNativeCodeItsPlaces() {
        Map<String, String> env = runtime.environment();
        String javaOpts = env.getOrDefault("JAVA_OPTS", "");
        Matcher heap = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)").matcher(javaOpts);
        assertThat(heap.find()).as("heap sized from the container's limit: " + javaOpts).isTrue();
        // under 60 %: ND4J keeps its arrays off-heap, and the native BLAS code needs room too
        assertThat(Double.parseDouble(heap.group(1))).as("MaxRAMPercentage").isBetween(10.0, 59.99);
        assertThat(String.join(" ", entrypoint())).contains("$JAVA_OPTS");

        Matcher cache = Pattern.compile("-Dorg\\.bytedeco\\.javacpp\\.cachedir=(\\S+)").matcher(javaOpts);
        assertThat(cache.find()).as("JavaCPP's cache dir set: " + javaOpts).isTrue();
        String runs = String.join(" ", runtime.all("RUN").stream().map(Instruction::arguments).toList());
        assertThat(runs).as("the cache dir created and given to the user").contains(cache.group(1)).contains("chown");

        // one BLAS/OpenMP thread per trial: parallelism comes from the workers
        assertThat(env).containsEntry("OMP_NUM_THREADS", "1").containsEntry("OPENBLAS_NUM_THREADS", "1");
    }

    @Test
    void everyVariableTheImageSetsIsReadBySomething() {
        ConfigurationMetadata metadata = ConfigurationMetadata.load();
        runtime.environment().keySet().forEach(name -> assertThat(
                ContainerConfig.RUNTIME_VARIABLES.contains(name) || metadata.propertySetBy(name).isPresent())
                .as(name + ": neither a runtime variable nor a property (relaxed binding)").isTrue());
        assertThatCode(config::hypergrid).as("the image's settings bind").doesNotThrowAnyException();
        assertThat(config.violations()).isEmpty();
    }

    private List<String> entrypoint() {
        Instruction entry = runtime.last("ENTRYPOINT");
        assertThat(entry).as("ENTRYPOINT in the runtime stage").isNotNull();
        List<String> exec = entry.execForm();
        // the shell form would make /bin/sh PID 1: SIGTERM would never reach the JVM (no graceful shutdown)
        assertThat(exec).as("ENTRYPOINT in exec form").isNotNull();
        return exec;
    }

    @Test
    void runsTheJarThePomBuilds() throws Exception {
        String jar = jarName();
        List<Instruction> copies = runtime.all("COPY").stream().filter(c -> c.options().containsKey("from")).toList();
        List<String> destinations = copies.stream().map(c -> c.words().get(c.words().size() - 1)).toList();
        boolean direct = copies.stream().anyMatch(c -> c.words().get(0).endsWith("target/" + jar));
        // or as Spring Boot's layers: the application layer holds the jar, the others its lib/
        String buildRuns = String.join(" ", dockerfile.stages.subList(0, dockerfile.stages.size() - 1).stream()
                .flatMap(s -> s.all("RUN").stream()).map(Instruction::arguments).toList());
        boolean extracted = Pattern.compile("-Djarmode=tools\\s+-jar\\s+\\S*target/" + Pattern.quote(jar)
                + "\\s+extract\\b[^&;]*--layers").matcher(buildRuns).find();
        List<String> layers = copies.stream().map(c -> Path.of(c.words().get(0)).getFileName().toString()).toList();
        assertThat(direct || extracted && layers.containsAll(List.of("dependencies", "application")))
                .as("the runtime stage gets target/" + jar + " or its extracted layers; copies " + layers).isTrue();

        List<String> entry = entrypoint();
        String line = String.join(" ", entry);
        Matcher runJar = Pattern.compile("-jar\\s+(\\S+?\\.jar)").matcher(line);
        assertThat(runJar.find()).as(line).isTrue();
        Path path = Path.of(runJar.group(1));
        assertThat(path.getFileName().toString()).isEqualTo(jar);
        assertThat(destinations.stream().map(d -> Path.of(inContainer(d)).normalize()))
                .as("the jar is run where it was copied").contains(Path.of(inContainer(path.getParent().toString())));
        assertThat(line).as("exec hands PID 1 to the JVM; arguments after the image reach the jar")
                .contains("exec java").contains("\"$@\"");
    }

    @Test
    void resolvesDependenciesBeforeCopyingTheSources() {
        List<Instruction> build = dockerfile.stages.get(0).instructions();
        int goOffline = -1;
        int copySources = -1;
        for (int i = 0; i < build.size(); i++) {
            Instruction in = build.get(i);
            if (goOffline < 0 && in.keyword().equals("RUN") && in.arguments().contains("go-offline")) {
                goOffline = i;
            }
            if (copySources < 0 && in.keyword().equals("COPY") && in.words().get(0).startsWith("src")) {
                copySources = i;
            }
        }
        assertThat(goOffline).as("a dependency:go-offline layer").isNotNegative();
        assertThat(copySources).as("COPY src").isGreaterThan(goOffline);
    }
}
