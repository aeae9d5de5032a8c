package io.hypergrid.search.submission;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * How a grid dimension is given: a list of values, or (numeric dimensions) a range {@code {min, max, count?,
 * scale?}}: {@code count} points, evenly or log-spaced, for a grid; a range to sample for a random search. The
 * values are checked against the dimension's entry in the table of parameters when the search is planned.
 */
@JsonDeserialize(using = DimensionSpec.Reader.class)
public sealed interface DimensionSpec permits DimensionSpec.Values, DimensionSpec.Range {
    String SHAPE = "a list of values or a range {\"min\", \"max\", \"count\", \"scale\"}";

    /** A list of values. */
    record Values(@JsonValue List<Object> values) implements DimensionSpec {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public Values {
        }
    }

    /**
     * A range.
     *
     * @param count points of a grid range (required there; refused for a random search)
     * @param scale {@code linear} (default) or {@code log}
     */
    @JsonDeserialize(using = ValueDeserializer.None.class) // the record's own properties, not the interface's reader
    record Range(Object min, Object max, Object count, String scale) implements DimensionSpec {
        public boolean log() {
            return "log".equals(scale);
        }
    }

    static DimensionSpec of(Object... values) {
        return new Values(List.of(values));
    }

    /** Arrays become {@link Values}, objects {@link Range}; anything else is refused with the expected shape. */
    final class Reader extends ValueDeserializer<DimensionSpec> {
        @Override
        public DimensionSpec deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() == JsonToken.START_ARRAY) {
                return new Values(ctxt.readValue(p, ctxt.getTypeFactory().constructCollectionType(List.class, Object.class)));
            }
            if (p.currentToken() == JsonToken.START_OBJECT) {
                return ctxt.readValue(p, Range.class);
            }
            return ctxt.reportInputMismatch(DimensionSpec.class, "must be " + SHAPE);
        }
    }
}
