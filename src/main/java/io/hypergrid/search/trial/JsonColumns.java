package io.hypergrid.search.trial;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The two small arrays of a trial (per-class accuracy, confusion matrix), stored as JSON text. */
final class JsonColumns {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonColumns() {
    }

    /** Per-class accuracy; a class absent from the test set is null (JSON has no NaN). */
    @Converter
    static final class Doubles implements AttributeConverter<List<Double>, String> {
        @Override
        public String convertToDatabaseColumn(List<Double> values) {
            return values == null ? null : JSON.writeValueAsString(values);
        }

        @Override
        public List<Double> convertToEntityAttribute(String json) {
            return json == null ? null : JSON.readValue(json, new TypeReference<List<Double>>() { });
        }
    }

    /** The confusion matrix, [true][predicted]. */
    @Converter
    static final class Matrix implements AttributeConverter<List<List<Integer>>, String> {
        @Override
        public String convertToDatabaseColumn(List<List<Integer>> values) {
            return values == null ? null : JSON.writeValueAsString(values);
        }

        @Override
        public List<List<Integer>> convertToEntityAttribute(String json) {
            return json == null ? null : JSON.readValue(json, new TypeReference<List<List<Integer>>>() { });
        }
    }
}
