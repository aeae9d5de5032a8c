package io.hypergrid.security;

import io.hypergrid.config.HypergridProperties;
import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The access check and the body-size limit as the first filters of every request; CORS only where configured. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration implements WebMvcConfigurer {
    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    private final HypergridProperties.Security security;

    SecurityConfiguration(HypergridProperties properties, Environment environment) {
        this.security = properties.security();
        String address = environment.getProperty("server.address", "all interfaces");
        if (security.enabled()) {
            log.info("Access tokens configured (admin: {}, reader: {}): every API call needs one; listening on {}",
                    security.adminTokenSha256() != null ? "yes" : "no",
                    security.readerTokenSha256() != null ? "yes" : "no", address);
        } else {
            log.warn("No access token configured (hypergrid.security.admin-token-sha256 / reader-token-sha256):"
                    + " anyone who reaches the service may use it, so it listens on {} only", address);
        }
    }

    @Bean
    FilterRegistrationBean<AccessFilter> accessFilter() {
        AccessFilter filter = new AccessFilter(new TokenVerifier(security.adminTokenSha256(),
                security.readerTokenSha256()), security.enabled(), !security.corsAllowedOrigins().isEmpty());
        FilterRegistrationBean<AccessFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10); // after character encoding and HTTP observation
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodySizeFilter> bodySizeFilter(HypergridProperties properties) {
        FilterRegistrationBean<BodySizeFilter> registration =
                new FilterRegistrationBean<>(new BodySizeFilter(properties.limits().maxRequestBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    /** Closed unless origins are listed: then those origins' scripts may read and, with the admin token, submit. */
    @Override
    public void addCorsMappings(CorsRegistry registry) {
        if (!security.corsAllowedOrigins().isEmpty()) {
            registry.addMapping("/api/**").allowedOrigins(security.corsAllowedOrigins().toArray(String[]::new))
                    .allowedMethods("GET", "HEAD", "POST").allowedHeaders("Authorization", "Content-Type")
                    .exposedHeaders("Location", "Retry-After").maxAge(600);
        }
    }
}
