package io.hypergrid.api;

import java.util.List;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile JSON stops at the parser: a key given twice, nesting deeper than a search ever needs, numbers of more
 * digits than a double holds, strings longer than any name, anything after the document. Jackson 3 fixes these limits in the stream factory, which
 * must exist before the mapper builder does, so this replaces Boot's {@code JsonMapper.Builder} bean (same scope, same
 * customizers, applied in the same order) with one built on a constrained factory.
 */
@Configuration(proxyBeanMethods = false)
class JsonLimits {
    static final int MAX_NESTING_DEPTH = 32;
    static final int MAX_NUMBER_LENGTH = 100;
    static final int MAX_STRING_LENGTH = 65_536;
    static final int MAX_NAME_LENGTH = 256;

    @Bean
    @Scope("prototype")
    JsonMapper.Builder constrainedJsonMapperBuilder(List<JsonMapperBuilderCustomizer> customizers) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        JsonMapper.Builder builder = JsonMapper.builder(factory).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(tools.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS); // "{...} junk"
        List<JsonMapperBuilderCustomizer> ordered = new java.util.ArrayList<>(customizers);
        AnnotationAwareOrderComparator.sort(ordered);
        ordered.forEach(c -> c.customize(builder));
        return builder;
    }
}
