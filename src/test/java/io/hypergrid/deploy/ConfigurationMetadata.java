package io.hypergrid.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every property the application knows, as the configuration metadata on the classpath lists it: Spring Boot's own
 * (each of its jars carries the file) and Hypergrid's, which spring-boot-configuration-processor generates from
 * {@link io.hypergrid.config.HypergridProperties} at compile time.
 */
final class ConfigurationMetadata {
    static final String GENERATED = "META-INF/spring-configuration-metadata.json";
    static final String ADDITIONAL = "META-INF/additional-spring-configuration-metadata.json";

    /** One property: its canonical name, Java type, default (absent: none) and the class that declares it. */
    record Property(String name, String type, JsonNode defaultValue, String sourceType, String description,
                    Resource origin) {
        /** Maps, collections and arrays also take indexed or keyed descendants (LOGGING_LEVEL_ORG_ND4J). */
        boolean takesDescendants() {
            return type != null && (type.startsWith("java.util.Map<") || type.startsWith("java.util.List<")
                    || type.startsWith("java.util.Set<") || type.startsWith("java.util.Collection<")
                    || type.endsWith("[]"));
        }
    }

    private static ConfigurationMetadata instance;

    private final Map<String, Property> properties = new LinkedHashMap<>();
    private final Map<String, ConfigurationPropertyName> names = new LinkedHashMap<>();
    private final List<Resource> files = new ArrayList<>();

    private ConfigurationMetadata() {
        JsonMapper json = JsonMapper.builder().build();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        try {
            for (String location : List.of(GENERATED, ADDITIONAL)) {
                for (Resource r : resolver.getResources("classpath*:" + location)) {
                    files.add(r);
                    try (InputStream in = r.getInputStream()) {
                        for (JsonNode p : json.readTree(in).path("properties")) {
                            String name = p.get("name").asString();
                            properties.putIfAbsent(name, new Property(name, text(p, "type"), p.get("defaultValue"),
                                    text(p, "sourceType"), text(p, "description"), r));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.keySet().forEach(n -> {
            ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(n);
            if (name != null) {
                names.put(n, name);
            }
        });
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    static synchronized ConfigurationMetadata load() {
        if (instance == null) {
            instance = new ConfigurationMetadata();
        }
        return instance;
    }

    Map<String, Property> properties() {
        return properties;
    }

    List<Resource> files() {
        return files;
    }

    Optional<Property> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /**
     * The property an environment variable sets, found as Spring Boot's binder finds it: the variable is put in a
     * system-environment property source and each known property is looked up there (relaxed binding: upper case,
     * dots to underscores, dashes dropped; the legacy form with dashes as underscores too).
     */
    Optional<Property> propertySetBy(String variable) {
        ConfigurationPropertySource source = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "value")));
        for (Map.Entry<String, ConfigurationPropertyName> e : names.entrySet()) {
            Property p = properties.get(e.getKey());
            if (source.getConfigurationProperty(e.getValue()) != null
                    || p.takesDescendants()
                    && source.containsDescendantOf(e.getValue()) == ConfigurationPropertyState.PRESENT) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
