package io.hypergrid.cli;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A small GNU-style option parser: {@code --name value} and {@code --name=value} for options, bare {@code --flag}
 * for flags. Every option must be declared; an unknown one, a missing value or a value of the wrong type is a
 * {@link CliException} naming it.
 */
public final class Args {
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> flags = new HashSet<>();

    private Args() {
    }

    /**
     * @param options names (without dashes) that take a value
     * @param flagNames names (without dashes) that take none
     */
    public static Args parse(String[] argv, Set<String> options, Set<String> flagNames) {
        Args args = new Args();
        for (int i = 0; i < argv.length; i++) {
            String token = argv[i];
            if (!token.startsWith("--") || token.length() == 2) {
                throw new CliException("unexpected argument '" + token + "'");
            }
            String name = token.substring(2);
            String inlineValue = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inlineValue = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (flagNames.contains(name)) {
                if (inlineValue != null) {
                    throw new CliException("option --" + name + " takes no value");
                }
                args.flags.add(name);
            } else if (options.contains(name)) {
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= argv.length) {
                        throw new CliException("option --" + name + " needs a value");
                    }
                    value = argv[++i];
                }
                if (args.values.put(name, value) != null) {
                    throw new CliException("option --" + name + " given twice");
                }
            } else {
                throw new CliException("unknown option --" + name);
            }
        }
        return args;
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String string(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    public Path path(String name, Path defaultValue) {
        String v = values.get(name);
        return v == null ? defaultValue : Path.of(v);
    }

    public double number(String name, double defaultValue) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new CliException("option --" + name + ": '" + v + "' is not a finite number");
        }
    }

    public int integer(String name, int defaultValue) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new CliException("option --" + name + ": '" + v + "' is not an integer");
        }
    }

    public long longInteger(String name, long defaultValue) {
        String v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new CliException("option --" + name + ": '" + v + "' is not an integer");
        }
    }
}
