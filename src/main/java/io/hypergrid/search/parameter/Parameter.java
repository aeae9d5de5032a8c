package io.hypergrid.search.parameter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;

/**
 * One trial parameter, defined once: its API name, database column, type, default, bounds, whether trials must share
 * it to train in one stack, and its command-line option. Validation, grid expansion, sort keys, export columns, the
 * queue's insert and stack key, and the command line all read it from here (see {@link Parameters}).
 *
 * @param <T> Double, Integer, Long, String (a choice) or Boolean
 */
public final class Parameter<T extends Comparable<? super T>> {
    /** What values a parameter takes. */
    public enum Kind { NUMBER, INTEGER, CHOICE, BOOLEAN }

    private final String name;
    private final String column;
    private final Class<T> type;
    private final T defaultValue;
    private final double min;
    private final boolean minExclusive;
    private final double max;
    private final List<String> choices;
    private final boolean stackKey;
    private final String option;
    private final String description;

    private Parameter(String name, String column, Class<T> type, T defaultValue, double min, boolean minExclusive,
                      double max, List<String> choices, boolean stackKey, String option, String description) {
        this.name = name;
        this.column = column;
        this.type = type;
        this.defaultValue = defaultValue;
        this.min = min;
        this.minExclusive = minExclusive;
        this.max = max;
        this.choices = choices;
        this.stackKey = stackKey;
        this.option = option;
        this.description = description;
    }

    static Parameter<Double> number(String name, String column, double defaultValue, double min, boolean minExclusive,
                                    boolean stackKey, String option, String description) {
        return new Parameter<>(name, column, Double.class, defaultValue, min, minExclusive, Double.MAX_VALUE, null,
                stackKey, option, description);
    }

    static Parameter<Integer> integer(String name, String column, int defaultValue, int min, boolean stackKey,
                                      String option, String description) {
        return new Parameter<>(name, column, Integer.class, defaultValue, min, false, Integer.MAX_VALUE, null,
                stackKey, option, description);
    }

    static Parameter<Long> longInteger(String name, String column, long defaultValue, long min, boolean stackKey,
                                       String option, String description) {
        return new Parameter<>(name, column, Long.class, defaultValue, min, false, Long.MAX_VALUE, null, stackKey,
                option, description);
    }

    static Parameter<String> choice(String name, String column, List<String> choices, boolean stackKey, String option,
                                    String description) {
        return new Parameter<>(name, column, String.class, choices.get(0), 0, false, 0, List.copyOf(choices),
                stackKey, option, description);
    }

    static Parameter<Boolean> bool(String name, String column, boolean stackKey, String option, String description) {
        return new Parameter<>(name, column, Boolean.class, false, 0, false, 0, null, stackKey, option, description);
    }

    /** The name in the API, the export, sort keys and the dashboard. */
    public String name() {
        return name;
    }

    /** The column of the {@code trial} table. */
    public String column() {
        return column;
    }

    public Class<T> type() {
        return type;
    }

    public Kind kind() {
        if (type == Double.class) {
            return Kind.NUMBER;
        }
        if (type == Integer.class || type == Long.class) {
            return Kind.INTEGER;
        }
        return type == String.class ? Kind.CHOICE : Kind.BOOLEAN;
    }

    public boolean numeric() {
        return kind() == Kind.NUMBER || kind() == Kind.INTEGER;
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** The allowed values of a choice; empty for the others. */
    public List<String> choices() {
        return choices == null ? List.of() : choices;
    }

    /** Whether trials must hold the same value to train stacked in one weight matrix. */
    public boolean stackKey() {
        return stackKey;
    }

    /** The option of the {@code train} command, without its dashes; a boolean is a flag. */
    public String option() {
        return option;
    }

    public String description() {
        return description;
    }

    /**
     * Checks one JSON-shaped value (Number, String, Boolean) and returns it normalised to {@code T}.
     *
     * @throws IllegalArgumentException with the reason, phrased for a field of the API
     */
    public T value(Object raw) {
        return type.cast(switch (kind()) {
            case NUMBER -> {
                double v = finite(raw);
                if (minExclusive ? v <= min : v < min) {
                    throw new IllegalArgumentException("must be " + (minExclusive ? "> " : ">= ") + format(min)
                            + ", not " + format(v));
                }
                yield v;
            }
            case INTEGER -> {
                double v = finite(raw);
                if (v != Math.rint(v) || Math.abs(v) > 9.007199254740992E15) {
                    throw new IllegalArgumentException("must be a whole number, not " + format(v));
                }
                if (v < min || v > max) {
                    throw new IllegalArgumentException("must be from " + format(min) + " to " + format(max) + ", not "
                            + format(v));
                }
                yield type == Long.class ? (Object) (long) v : (Object) (int) v;
            }
            case CHOICE -> {
                if (!(raw instanceof String s) || !choices.contains(s)) {
                    throw new IllegalArgumentException("must be one of " + String.join(", ", choices) + ", not "
                            + describe(raw));
                }
                yield s;
            }
            case BOOLEAN -> {
                if (!(raw instanceof Boolean)) {
                    throw new IllegalArgumentException("must be true or false, not " + describe(raw));
                }
                yield raw;
            }
        });
    }

    /** The same check for a value given as text (a command-line option). */
    public T parse(String text) {
        Object raw = switch (kind()) {
            case NUMBER, INTEGER -> {
                try {
                    yield new BigDecimal(text.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("must be a number, not \"" + text + "\"");
                }
            }
            case BOOLEAN -> "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? (Object) Boolean.FALSE : text;
            case CHOICE -> text;
        };
        return value(raw);
    }

    /** A finite double from a JSON number; the reason otherwise. */
    public static double finite(Object raw) {
        if (raw == null) {
            throw new IllegalArgumentException("required: a number");
        }
        if (!(raw instanceof Number n)) {
            throw new IllegalArgumentException("must be a number, not " + describe(raw));
        }
        double v = n instanceof BigDecimal b ? b.doubleValue() : n instanceof BigInteger b ? b.doubleValue() : n.doubleValue();
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("must be a finite number");
        }
        return v;
    }

    /** A value as a message quotes it: strings quoted and cut, containers named. */
    public static String describe(Object raw) {
        if (raw == null) {
            return "null";
        }
        if (raw instanceof String s) {
            return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (raw instanceof List) {
            return "a list";
        }
        if (raw instanceof java.util.Map) {
            return "an object";
        }
        return String.valueOf(raw);
    }

    /** A bound or value as a message shows it: whole numbers without ".0". */
    public static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

    @Override
    public String toString() {
        return name;
    }

    /** For messages: the kind of value expected, e.g. "a number > 0" or "one of softmax, bce". */
    public String expected() {
        return switch (kind()) {
            case NUMBER -> "a number " + (minExclusive ? "> " : ">= ") + format(min);
            case INTEGER -> String.format(Locale.ROOT, "a whole number from %s to %s", format(min), format(max));
            case CHOICE -> "one of " + String.join(", ", choices);
            case BOOLEAN -> "true or false";
        };
    }
}
