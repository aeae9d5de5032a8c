package io.hypergrid.deploy;

import io.hypergrid.config.HypergridProperties;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The application's configuration as a container of the image would see it, bound by Spring Boot's own binder:
 * the container's environment (the image's ENV, then the compose file's), the active profiles' application-*.yml,
 * then application.yml.
 */
final class ContainerConfig {
    /**
     * Variables of a Hypergrid container read by the image's entrypoint (JAVA_OPTS), the JVM or the native
     * libraries (OpenMP, OpenBLAS), not by Spring.
     */
    static final Set<String> RUNTIME_VARIABLES = Set.of("JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS",
            "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_VERBOSE", "TZ");

    private static final ValidatorFactory VALIDATION = Validation.buildDefaultValidatorFactory();

    final Map<String, String> environment;
    final List<String> profiles;
    final Binder binder;

    ContainerConfig(Map<String, String> imageEnvironment, Map<String, String> serviceEnvironment) {
        Map<String, Object> env = new LinkedHashMap<>(imageEnvironment);
        serviceEnvironment.forEach((k, v) -> {
            if (v != null) {  // a variable without a value is only passed through from the shell when set there
                env.put(k, v);
            }
        });
        Map<String, String> envText = new LinkedHashMap<>();
        env.forEach((k, v) -> envText.put(k, String.valueOf(v)));
        this.environment = envText;
        List<PropertySource<?>> sources = new ArrayList<>();
        sources.add(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        List<PropertySource<?>> yml = yaml("application.yml");
        this.profiles = profiles(sources, yml);
        for (int i = profiles.size() - 1; i >= 0; i--) {  // the last profile wins
            sources.addAll(yaml("application-" + profiles.get(i) + ".yml"));
        }
        sources.addAll(yml);
        this.binder = new Binder(ConfigurationPropertySources.from(sources));
    }

    private static List<String> profiles(List<PropertySource<?>> env, List<PropertySource<?>> yml) {
        List<PropertySource<?>> all = new ArrayList<>(env);
        all.addAll(yml);
        return new Binder(ConfigurationPropertySources.from(all))
                .bind("spring.profiles.active", Bindable.listOf(String.class)).orElse(List.of());
    }

    /** The profile's file, or nothing when there is none (Spring ignores a profile without a file). */
    static List<PropertySource<?>> yaml(String name) {
        ClassPathResource resource = new ClassPathResource(name);
        if (!resource.exists()) {
            return List.of();
        }
        try {
            return new YamlPropertySourceLoader().load(name, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean profileFileExists(String profile) {
        return List.of("yml", "yaml", "properties").stream()
                .anyMatch(ext -> new ClassPathResource("application-" + profile + "." + ext).exists());
    }

    /** hypergrid.* bound as the application binds it (a value that does not convert throws). */
    HypergridProperties hypergrid() {
        return binder.bindOrCreate("hypergrid", HypergridProperties.class);
    }

    /** What the bean validation of hypergrid.* would refuse at start-up. */
    Set<ConstraintViolation<HypergridProperties>> violations() {
        return VALIDATION.getValidator().validate(hypergrid());
    }

    int serverPort() {
        return binder.bind("server.port", Integer.class).orElseGet(() -> ConfigurationMetadata.load()
                .property("server.port").orElseThrow().defaultValue().asInt());
    }

    String string(String name) {
        return binder.bind(name, String.class).orElse(null);
    }
}
