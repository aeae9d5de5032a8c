package io.hypergrid.search.strategy;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.jsontype.TypeIdResolver;

/**
 * A strategy without a {@code type} is a grid, as in the API since the first version ({@code "strategy":
 * {"earlyStopping": ...}}). Not Jackson's {@code defaultImpl}: that would also turn an unknown type into a grid,
 * where the API must say the type is unknown.
 */
public final class MissingTypeIsGrid extends DeserializationProblemHandler {
    @Override
    public JavaType handleMissingTypeId(DeserializationContext ctxt, JavaType baseType, TypeIdResolver idResolver,
                                        String failureMsg) {
        return baseType.getRawClass() == Strategy.class ? ctxt.constructType(GridStrategy.class) : null;
    }

    /** Registers it with the application's JSON mapper. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        JsonMapperBuilderCustomizer missingStrategyTypeIsGrid() {
            return builder -> builder.addHandler(new MissingTypeIsGrid());
        }
    }
}
