package io.hypergrid.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Kubernetes manifests under deploy/kubernetes, rendered by {@code kubectl kustomize} (the tool a user applies
 * them with) and read back as YAML documents. Without kubectl the tests are skipped with a message, except where
 * {@code HYPERGRID_REQUIRE_KUBECTL=true} (CI), where they fail.
 */
final class Kustomize {
    static final Path ROOT = Path.of("deploy", "kubernetes");
    static final YAMLMapper YAML = new YAMLMapper();

    private Kustomize() {
    }

    /** The overlays: every folder under deploy/kubernetes/overlays with a kustomization.yaml. */
    static List<Path> overlays() {
        try (var dirs = Files.list(ROOT.resolve("overlays"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kubectl, or the test is skipped (fails where HYPERGRID_REQUIRE_KUBECTL=true). */
    static String kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        String why = "kubectl is not on the PATH: the Kubernetes manifests cannot be rendered";
        if (Boolean.parseBoolean(System.getenv("HYPERGRID_REQUIRE_KUBECTL"))) {
            throw new IllegalStateException(why + ", and HYPERGRID_REQUIRE_KUBECTL is set");
        }
        System.out.println("Kubernetes manifest tests skipped: " + why);
        Assumptions.abort(why);
        return null;
    }

    /** The objects {@code kubectl kustomize overlay} renders; fails with kubectl's message when it refuses. */
    static List<JsonNode> render(Path overlay) {
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process p = new ProcessBuilder(kubectl(), "kustomize", overlay.toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + overlay + " took over 60 s");
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + overlay + " failed: "
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return documents(Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    static Optional<JsonNode> find(List<JsonNode> objects, String kind, String name) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())
                && name.equals(o.path("metadata").path("name").asText())).findFirst();
    }

    /**
     * The paths of every field a typed fabric8 object did not know: fabric8's model keeps them in
     * {@code additionalProperties} instead of failing, so the whole object graph is walked for them.
     */
    static List<String> unknownFields(Object typed) {
        List<String> unknown = new ArrayList<>();
        walk(typed, "", unknown, new IdentityHashMap<>());
        return unknown;
    }

    private static void walk(Object o, String path, List<String> unknown, Map<Object, Boolean> seen) {
        if (o == null || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "[" + k + "]", unknown, seen));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getName().equals("getClass") || m.getReturnType().isPrimitive()) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
                continue;
            }
            String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            walk(value, path + "." + field, unknown, seen);
        }
    }

    static <T> T typed(JsonNode node, Class<T> type) {
        try {
            return new ObjectMapper().treeToValue(node, type);
        } catch (IOException e) {
            throw new IllegalStateException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
