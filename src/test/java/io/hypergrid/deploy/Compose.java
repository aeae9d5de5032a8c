package io.hypergrid.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml as Compose reads it: parsed by a YAML parser (merge keys included), then every string
 * interpolated ({@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:?error}},
 * {@code ${VAR?error}}, {@code ${VAR:+alt}}, {@code $VAR}, {@code $$}) from a given environment.
 */
final class Compose {
    /** The project's root: Maven runs the tests there. */
    static final Path ROOT = Path.of("").toAbsolutePath();

    /**
     * The variables docker-compose.yml's header says to set (the tokens' digests, the reader token for Prometheus),
     * with values of the right form; everything else is left to the file's defaults.
     */
    static final Map<String, String> DOCUMENTED_ENVIRONMENT = Map.of(
            "HYPERGRID_ADMIN_TOKEN_SHA256", sha256Hex(Tokens.ADMIN),
            "HYPERGRID_READER_TOKEN_SHA256", sha256Hex(Tokens.READER),
            "HYPERGRID_READER_TOKEN", Tokens.READER);

    /** The tokens behind those digests. */
    static final class Tokens {
        static final String ADMIN = "admin-token-of-the-deployment-tests";
        static final String READER = "reader-token-of-the-deployment-tests";

        private Tokens() {
        }
    }

    /** Where the images' own file systems are: the mounts whose source is a named volume, a host path or nothing. */
    record Mount(String source, String target, boolean readOnly) {
        boolean bind() {
            return source != null && (source.startsWith("./") || source.startsWith("../") || source.startsWith("/")
                    || source.startsWith("~") || source.equals("."));
        }

        boolean namedVolume() {
            return source != null && !bind();
        }

        /** Whether a container path lies on this mount. */
        boolean holds(String path) {
            String t = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
            return path.equals(t) || path.startsWith(t + "/");
        }

        /** The path inside the mounted volume or folder. */
        String inside(String path) {
            String t = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
            return path.substring(t.length());
        }
    }

    record Port(int host, int container) {
    }

    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    final Path file;
    final Map<String, Object> document;
    final Map<String, Map<String, Object>> services = new LinkedHashMap<>();

    Compose(Path file, Map<String, String> environment) {
        this.file = file;
        Object raw;
        try {
            raw = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.document = map(interpolate(raw, environment));
        map(document.get("services")).forEach((name, service) -> services.put(name, map(service)));
    }

    static Compose load() {
        return new Compose(ROOT.resolve("docker-compose.yml"), DOCUMENTED_ENVIRONMENT);
    }

    // ------------------------------------------------------------------------------------------------ interpolation

    @SuppressWarnings("unchecked")
    static Object interpolate(Object node, Map<String, String> environment) {
        if (node instanceof String s) {
            return interpolate(s, environment);
        }
        if (node instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            ((Map<Object, Object>) m).forEach((k, v) -> out.put(k, interpolate(v, environment)));
            return out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(interpolate(v, environment)));
            return out;
        }
        return node;
    }

    static String interpolate(String value, Map<String, String> environment) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else if (m.group(4) != null) {
                replacement = environment.getOrDefault(m.group(4), "");
            } else {
                String v = environment.get(m.group(1));
                String op = m.group(2);
                String arg = m.group(3) == null ? "" : m.group(3);
                boolean unset = v == null;
                boolean empty = unset || v.isEmpty();
                replacement = switch (op == null ? "" : op) {
                    case ":-" -> empty ? arg : v;
                    case "-" -> unset ? arg : v;
                    case ":?" -> {
                        if (empty) {
                            throw new IllegalArgumentException("required variable " + m.group(1) + " is missing: " + arg);
                        }
                        yield v;
                    }
                    case "?" -> {
                        if (unset) {
                            throw new IllegalArgumentException("required variable " + m.group(1) + " is missing: " + arg);
                        }
                        yield v;
                    }
                    case ":+" -> empty ? "" : arg;
                    case "+" -> unset ? "" : arg;
                    default -> unset ? "" : v;
                };
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    // -------------------------------------------------------------------------------------------------- services

    /** The services that run this project's image: built here, or using the image a built service tags. */
    Set<String> ours() {
        Set<String> builtImages = new HashSet<>();
        services.values().stream().filter(s -> s.containsKey("build") && s.get("image") != null)
                .forEach(s -> builtImages.add((String) s.get("image")));
        Set<String> out = new LinkedHashSet<>();
        services.forEach((name, s) -> {
            if (s.containsKey("build") || builtImages.contains(s.get("image"))) {
                out.add(name);
            }
        });
        return out;
    }

    /** The image a service of this project runs: the Dockerfile of the service that builds it. */
    Dockerfile image(String service) {
        Object image = services.get(service).get("image");
        Map<String, Object> builder = services.entrySet().stream()
                .filter(e -> e.getValue().containsKey("build")
                        && (e.getKey().equals(service) || image != null && image.equals(e.getValue().get("image"))))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(service + " runs no image built here"));
        return new Dockerfile(buildContext(builder), dockerfileName(builder));
    }

    /** The configuration a container of this project's image sees in a service: the image's ENV, then the service's. */
    ContainerConfig config(String service) {
        return new ContainerConfig(image(service).runtime().environment(), environment(services.get(service)));
    }

    /** The services of this project's image that serve HTTP (the one-shot data service publishes nothing). */
    List<String> instances() {
        return ours().stream().filter(n -> !ports(services.get(n)).isEmpty()).toList();
    }

    /** The build context of a service that has one. */
    static Path buildContext(Map<String, Object> service) {
        Object build = service.get("build");
        String context = build instanceof String s ? s : (String) map(build).getOrDefault("context", ".");
        return ROOT.resolve(context).normalize();
    }

    static String dockerfileName(Map<String, Object> service) {
        Object build = service.get("build");
        return build instanceof Map<?, ?> m && m.get("dockerfile") != null ? (String) m.get("dockerfile") : "Dockerfile";
    }

    /** The environment a service sets; a variable given without a value maps to null (passed through if set). */
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> out = new LinkedHashMap<>();
        Object env = service.get("environment");
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
        } else if (env instanceof List<?> l) {
            for (Object e : l) {
                String[] kv = String.valueOf(e).split("=", 2);
                out.put(kv[0], kv.length > 1 ? kv[1] : null);
            }
        }
        return out;
    }

    static List<Mount> mounts(Map<String, Object> service) {
        List<Mount> out = new ArrayList<>();
        for (Object v : list(service.get("volumes"))) {
            if (v instanceof Map<?, ?> m) {
                out.add(new Mount((String) m.get("source"), (String) m.get("target"),
                        Boolean.TRUE.equals(m.get("read_only"))));
            } else {
                String[] parts = String.valueOf(v).split(":");
                if (parts.length == 1) {
                    out.add(new Mount(null, parts[0], false));
                } else {
                    out.add(new Mount(parts[0], parts[1],
                            parts.length > 2 && List.of(parts[2].split(",")).contains("ro")));
                }
            }
        }
        return out;
    }

    static List<Port> ports(Map<String, Object> service) {
        List<Port> out = new ArrayList<>();
        for (Object p : list(service.get("ports"))) {
            if (p instanceof Map<?, ?> m) {
                int target = Integer.parseInt(String.valueOf(m.get("target")));
                Object published = m.get("published");
                out.add(new Port(published == null ? target : Integer.parseInt(String.valueOf(published)), target));
                continue;
            }
            String[] parts = String.valueOf(p).split("/")[0].split(":");
            int container = Integer.parseInt(parts[parts.length - 1]);
            int host = parts.length > 1 ? Integer.parseInt(parts[parts.length - 2]) : container;
            out.add(new Port(host, container));
        }
        return out;
    }

    /** depends_on in either syntax: service name to its condition. */
    static Map<String, String> dependsOn(Map<String, Object> service) {
        Map<String, String> out = new LinkedHashMap<>();
        Object d = service.get("depends_on");
        if (d instanceof List<?> l) {
            l.forEach(n -> out.put(String.valueOf(n), "service_started"));
        } else if (d instanceof Map<?, ?> m) {
            m.forEach((n, c) -> out.put(String.valueOf(n),
                    String.valueOf(map(c).getOrDefault("condition", "service_started"))));
        }
        return out;
    }

    /** The command as a list (the string form split at spaces). */
    static List<String> command(Map<String, Object> service) {
        Object c = service.get("command");
        if (c == null) {
            return List.of();
        }
        if (c instanceof List<?> l) {
            return l.stream().map(String::valueOf).toList();
        }
        return List.of(String.valueOf(c).trim().split("\\s+"));
    }

    /** An image's repository without registry prefix and tag: postgres, prom/prometheus, grafana/grafana. */
    static String imageBase(String image) {
        if (image == null) {
            return "";
        }
        String last = image.substring(image.lastIndexOf('/') + 1);
        String name = last.contains(":") ? image.substring(0, image.lastIndexOf(':')) : image;
        return name.replaceFirst("^docker\\.io/", "").replaceFirst("^library/", "");
    }

    /** The image's tag; empty when there is none. */
    static String imageTag(String image) {
        String last = image.substring(image.lastIndexOf('/') + 1);
        return last.contains(":") ? last.substring(last.indexOf(':') + 1) : "";
    }

    /** Compose's duration syntax (1m30s, 45s, 1h) in seconds. */
    static long seconds(String duration) {
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(us|ms|s|m|h)").matcher(duration);
        double total = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                throw new IllegalArgumentException("not a duration: " + duration);
            }
            end = m.end();
            double v = Double.parseDouble(m.group(1));
            total += switch (m.group(2)) {
                case "us" -> v / 1e6;
                case "ms" -> v / 1e3;
                case "s" -> v;
                case "m" -> v * 60;
                default -> v * 3600;
            };
        }
        if (end != duration.length() || end == 0) {
            throw new IllegalArgumentException("not a duration: " + duration);
        }
        return (long) total;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    static Map<String, Object> yaml(Path file) {
        try {
            return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
