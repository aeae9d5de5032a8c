package io.hypergrid.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.hypergrid.search.pruning.MedianRule;
import io.hypergrid.search.pruning.SuccessiveHalving;
import io.hypergrid.search.strategy.GridStrategy;
import io.hypergrid.search.strategy.RandomStrategy;
import io.hypergrid.search.strategy.TpeStrategy;
import io.hypergrid.search.submission.DimensionSpec;
import io.hypergrid.search.submission.FieldError;
import io.hypergrid.search.submission.Limits;
import io.hypergrid.search.submission.SubmitSearch;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * A request body that could not be bound, said as the API's field path and a reason a person can act on: the
 * unknown field with the fields that type has, the type id with the ones there are, the shape that was expected.
 */
final class JsonBindingErrors {
    /** What each part of a submission is called in messages. */
    private static final Map<Class<?>, String> NOUNS = Map.of(SubmitSearch.class, "a search",
            GridStrategy.class, "a strategy", RandomStrategy.class, "a strategy",
            TpeStrategy.class, "a TPE strategy",
            MedianRule.class, "median early stopping", SuccessiveHalving.class, "successiveHalving early stopping",
            DimensionSpec.Range.class, "a range", Limits.class, "limits");

    private JsonBindingErrors() {
    }

    static FieldError of(JacksonException e) {
        String path = path(e.getPath());
        String field = path.isEmpty() ? "body" : path;
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        String reason = message.lines().findFirst().orElse(message);
        if (e instanceof StreamReadException) {
            int cut = reason.indexOf(" (");
            return new FieldError(field, "malformed JSON: " + (cut > 0 ? reason.substring(0, cut) : reason));
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String noun = u.getReferringClass() == null ? null : NOUNS.get(u.getReferringClass());
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream().map(String::valueOf)
                    .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(", "));
            boolean typed = u.getReferringClass() != null && u.getReferringClass().getInterfaces().length > 0
                    && subtypes(u.getReferringClass().getInterfaces()[0]) != null;
            if (typed) {
                known = new TreeSet<>(List.of((known + ", type").split(", "))).stream()
                        .filter(s -> !s.isBlank()).collect(Collectors.joining(", "));
            }
            return new FieldError(field, "unknown field" + (noun == null ? " '" + u.getPropertyName() + "'"
                    : " of " + noun) + (known.isEmpty() ? "" : " (" + known + ")"));
        }
        if (e instanceof InvalidTypeIdException t) {
            List<String> ids = subtypes(t.getBaseType().getRawClass());
            String expected = ids == null ? "a known type" : ids.stream().map(id -> "\"" + id + "\"")
                    .collect(Collectors.joining(" or "));
            if (t.getTypeId() == null) { // no "type" in an object, or no object at all
                return new FieldError(field, "must be an object {\"type\": " + String.join("|", ids == null ? List.of()
                        : ids.stream().map(id -> "\"" + id + "\"").toList()) + ", ...}");
            }
            return new FieldError(field + ".type", "must be " + expected + ", not \"" + t.getTypeId() + "\"");
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            Class<?> target = m.getTargetType();
            if (target == DimensionSpec.class) {
                return new FieldError(field, "wrong type: must be " + DimensionSpec.SHAPE);
            }
            List<String> ids = subtypes(target);
            if (ids != null) {
                return new FieldError(field, "wrong type: must be an object {\"type\": " + ids.stream()
                        .map(id -> "\"" + id + "\"").collect(Collectors.joining("|")) + ", ...}");
            }
            if ((target == Integer.class || target == int.class || target == Long.class || target == long.class)
                    && reason.contains("Floating-point value")) {
                int open = reason.indexOf('(');
                int close = reason.indexOf(')', open + 1);
                return new FieldError(field, "must be a whole number" + (open > 0 && close > open
                        ? ", not " + reason.substring(open + 1, close) : ""));
            }
            return new FieldError(field, "wrong type: expected " + describe(target));
        }
        return new FieldError(field, reason);
    }

    /** The type ids of a polymorphic type, or null for any other type. */
    private static List<String> subtypes(Class<?> type) {
        JsonSubTypes sub = type.getAnnotation(JsonSubTypes.class);
        return sub == null ? null : Arrays.stream(sub.value()).map(JsonSubTypes.Type::name).toList();
    }

    private static String describe(Class<?> type) {
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a JSON object";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return type.getSimpleName();
    }

    private static String path(List<JacksonException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference r : refs) {
            if (r.getPropertyName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
