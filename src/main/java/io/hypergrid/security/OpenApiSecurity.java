package io.hypergrid.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description says what {@link AccessFilter} enforces: a bearer scheme, required by every operation of
 * the API, and which token each needs: reads the reader token (or the admin one), everything else the admin token
 * ({@code x-hypergrid-token}, and a line of its description). Swagger UI's "Authorize" then sends the token with
 * "Try it out". Without any token configured the service answers every caller on loopback as admin and the token is
 * simply ignored.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiSecurity {
    static final String SCHEME = "bearer";

    @Bean
    OpenApiCustomizer bearerTokens() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSecuritySchemes(SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                    .scheme("bearer").description("The admin token (every operation) or the reader token (reads"
                            + " only), as configured by hypergrid.security.*-token-sha256; none needed when no token"
                            + " is configured (the service then listens on loopback only)."));
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> {
                for (Map.Entry<PathItem.HttpMethod, Operation> e : item.readOperationsMap().entrySet()) {
                    boolean read = AccessFilter.READS.contains(e.getKey().name());
                    Operation op = e.getValue();
                    op.addSecurityItem(new SecurityRequirement().addList(SCHEME));
                    op.addExtension("x-hypergrid-token", read ? "reader" : "admin");
                    String needs = read ? "Needs the reader or the admin token." : "Needs the admin token.";
                    op.setDescription(op.getDescription() == null ? needs : op.getDescription() + "\n\n" + needs);
                }
            });
        };
    }
}
