package io.hypergrid.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Prometheus and Grafana of docker-compose.yml: their configuration files found through the compose file's
 * mounts, and the PromQL of the dashboards.
 */
final class Monitoring {
    static final String PROMETHEUS_IMAGE = "prom/prometheus";
    static final String GRAFANA_IMAGE = "grafana/grafana";
    static final String PROMETHEUS_CONFIG = "/etc/prometheus/prometheus.yml";
    static final String GRAFANA_DATASOURCES = "/etc/grafana/provisioning/datasources";
    static final String GRAFANA_DASHBOARD_PROVIDERS = "/etc/grafana/provisioning/dashboards";
    /** The series Prometheus writes itself for every target it scrapes. */
    static final Set<String> PROMETHEUS_SERIES = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "offset", "and", "or", "unless", "inf", "nan", "atan2");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One scrape target of the Prometheus configuration. */
    record Target(String job, String host, int port, String metricsPath, Map<String, Object> jobConfig) {
    }

    private Monitoring() {
    }

    /** The service running an image, or null. */
    static String service(Compose compose, String imageBase) {
        return compose.services.entrySet().stream()
                .filter(e -> Compose.imageBase((String) e.getValue().get("image")).equals(imageBase))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** The host file or folder a service sees at a container path through a bind mount, or null. */
    static Path hostPath(Compose compose, String service, String containerPath) {
        for (Compose.Mount m : Compose.mounts(compose.services.get(service))) {
            if (m.bind() && m.holds(containerPath)) {
                String inside = m.inside(containerPath);
                return Compose.ROOT.resolve(m.source()).resolve(inside.startsWith("/") ? inside.substring(1) : inside)
                        .normalize();
            }
        }
        return null;
    }

    static Map<String, Object> prometheusConfig(Compose compose) {
        Path file = hostPath(compose, service(compose, PROMETHEUS_IMAGE), PROMETHEUS_CONFIG);
        return file == null ? Map.of() : Compose.yaml(file);
    }

    static List<Target> targets(Map<String, Object> config) {
        List<Target> out = new ArrayList<>();
        for (Object j : Compose.list(config.get("scrape_configs"))) {
            Map<String, Object> job = Compose.map(j);
            String path = (String) job.getOrDefault("metrics_path", "/metrics");
            for (Object g : Compose.list(job.get("static_configs"))) {
                for (Object t : Compose.list(Compose.map(g).get("targets"))) {
                    String[] hostPort = String.valueOf(t).split(":");
                    out.add(new Target((String) job.get("job_name"), hostPort[0],
                            hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : 80, path, job));
                }
            }
        }
        return out;
    }

    /** The dashboard JSON files Grafana's file providers load, on the host. */
    static List<Path> dashboards(Compose compose) {
        String grafana = service(compose, GRAFANA_IMAGE);
        List<Path> out = new ArrayList<>();
        for (Path providerFile : files(hostPath(compose, grafana, GRAFANA_DASHBOARD_PROVIDERS), ".yml", ".yaml")) {
            for (Object p : Compose.list(Compose.yaml(providerFile).get("providers"))) {
                String path = (String) Compose.map(Compose.map(p).get("options")).get("path");
                Path folder = path == null ? null : hostPath(compose, grafana, path);
                out.addAll(files(folder, ".json"));
            }
        }
        return out;
    }

    static List<Path> files(Path folder, String... extensions) {
        if (folder == null || !Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(f -> Stream.of(extensions).anyMatch(e -> f.getFileName().toString().endsWith(e)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(Path file) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every query string of a dashboard: panel targets' expr, template variables' query and definition. */
    static List<String> queries(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            for (String key : List.of("expr", "query", "definition")) {
                JsonNode v = node.get(key);
                if (v != null && v.isString()) {
                    out.add(v.asString());
                }
            }
            node.values().forEach(v -> collect(v, out));
        } else if (node.isArray()) {
            node.values().forEach(v -> collect(v, out));
        }
    }

    /** The datasource uids a dashboard names (template variables such as ${DS} left out). */
    static Set<String> datasourceUids(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        if (node.isObject()) {
            JsonNode ds = node.get("datasource");
            if (ds != null && ds.isObject() && ds.hasNonNull("uid") && !ds.get("uid").asString().startsWith("$")) {
                out.add(ds.get("uid").asString());
            }
            node.values().forEach(v -> out.addAll(datasourceUids(v)));
        } else if (node.isArray()) {
            node.values().forEach(v -> out.addAll(datasourceUids(v)));
        }
        return out;
    }

    /** The metric names in a PromQL expression, or in a Grafana label_values(metric, label) query. */
    static Set<String> metricNames(String expr) {
        Matcher lv = Pattern.compile("\\s*label_values\\(\\s*([a-zA-Z_:][\\w:]*)\\s*,.*\\)\\s*").matcher(expr);
        if (lv.matches()) {
            return Set.of(lv.group(1));
        }
        if (expr.matches("\\s*label_values\\([^,]*\\)\\s*")) {
            return Set.of();
        }
        String e = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'", "\"\"")  // strings
                .replaceAll("\\{[^}]*}", " ")                                                   // label matchers
                .replaceAll("\\[[^]]*]", " ")                                                   // ranges
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")  // label lists
                .replaceAll("\\$\\w+", " ");                                                    // dashboard variables
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?<![\\w.])([a-zA-Z_:][\\w:]*)\\s*(\\()?").matcher(e);
        while (m.find()) {
            if (m.group(2) == null && !PROMQL_WORDS.contains(m.group(1).toLowerCase())) {
                names.add(m.group(1));  // not a function, not a keyword
            }
        }
        return names;
    }

    /** The values of job="..." label matchers in a PromQL expression. */
    static Set<String> jobs(String expr) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\bjob\\s*=\\s*\"([^\"]*)\"").matcher(expr);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
