package io.hypergrid.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.config.HypergridProperties;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The configuration metadata spring-boot-configuration-processor generates for {@link HypergridProperties}: the
 * deployment tests take the valid property names from it, so it must list every setting, with its default.
 */
class ConfigurationMetadataTest {
    private final ConfigurationMetadata metadata = ConfigurationMetadata.load();

    /** Every leaf of the record, nested records followed, by property name: its @DefaultValue, or null. */
    private static Map<String, String[]> leaves(Class<?> record, String prefix) {
        Map<String, String[]> out = new LinkedHashMap<>();
        RecordComponent[] components = record.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            String name = prefix + "." + DataObjectPropertyName.toDashedForm(c.getName());
            if (c.getType().isRecord() && c.getType().getDeclaringClass() == HypergridProperties.class) {
                out.putAll(leaves(c.getType(), name));
            } else {
                DefaultValue d = c.getAnnotation(DefaultValue.class);
                if (d == null) {
                    // the annotation sits on the canonical constructor's parameter as well
                    d = constructorParameter(record, i).getAnnotation(DefaultValue.class);
                }
                out.put(name, d == null ? null : d.value());
            }
        }
        return out;
    }

    private static Parameter constructorParameter(Class<?> record, int index) {
        Class<?>[] types = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getType).toArray(Class[]::new);
        try {
            return record.getDeclaredConstructor(types).getParameters()[index];
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theBuildGeneratesMetadataForHypergridProperties() {
        assertThat(metadata.files()).as("metadata files on the classpath")
                .anySatisfy(r -> assertThat(r.toString()).contains("target/classes"));
        assertThat(metadata.properties().values().stream().filter(p -> p.name().startsWith("hypergrid.")))
                .allSatisfy(p -> assertThat(p.origin().toString()).as(p.name()).contains("target/classes"));
    }

    @Test
    void listsEverySettingOfTheRecordWithItsDefault() {
        String prefix = HypergridProperties.class.getAnnotation(ConfigurationProperties.class).value();
        Map<String, String[]> expected = leaves(HypergridProperties.class, prefix);
        Map<String, ConfigurationMetadata.Property> listed = new TreeMap<>();
        metadata.properties().forEach((name, p) -> {
            if (name.startsWith(prefix + ".")) {
                listed.put(name, p);
            }
        });

        assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((name, defaults) -> {
            ConfigurationMetadata.Property p = listed.get(name);
            assertThat(p.sourceType()).as(name).startsWith(HypergridProperties.class.getName());
            assertThat(p.description()).as(name + ": described (the record's @param)").isNotBlank();
            if (defaults == null || defaults.length == 0) {
                // no default, or an empty collection: nothing to list
                assertThat(p.defaultValue() == null || p.defaultValue().isEmpty()).as(name + " has no default").isTrue();
            } else {
                assertThat(p.defaultValue()).as(name + " lists its default").isNotNull();
                String listedDefault = p.defaultValue().isArray()
                        ? String.join(",", p.defaultValue().valueStream().map(v -> v.asString()).toList())
                        : p.defaultValue().asString();
                assertThat(listedDefault).as(name).isEqualTo(String.join(",", defaults));
            }
        });
    }

    @Test
    void includesSpringBootsOwnProperties() {
        // the compose file's SPRING_* and SERVER_* variables are checked against these
        assertThat(metadata.properties()).containsKeys("spring.profiles.active", "spring.datasource.url",
                "spring.datasource.username", "spring.datasource.password", "server.port",
                "management.endpoints.web.exposure.include", "logging.level");
    }
}
