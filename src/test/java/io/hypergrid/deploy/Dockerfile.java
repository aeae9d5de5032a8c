package io.hypergrid.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Dockerfile as a list of build stages, each a list of instructions (continuation lines joined, comments dropped),
 * and the .dockerignore beside it.
 */
final class Dockerfile {
    record Instruction(String keyword, String arguments) {
        /** The options (--from=build, --interval=15s) before the arguments proper. */
        Map<String, String> options() {
            Map<String, String> out = new LinkedHashMap<>();
            for (String token : arguments.split("\\s+")) {
                if (!token.startsWith("--")) {
                    break;
                }
                String[] kv = token.substring(2).split("=", 2);
                out.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
            return out;
        }

        /** The arguments after the options. */
        String body() {
            String s = arguments;
            while (s.startsWith("--")) {
                int space = s.indexOf(' ');
                s = space < 0 ? "" : s.substring(space + 1).stripLeading();
            }
            return s;
        }

        /** The words of the body (shell form split at spaces). */
        List<String> words() {
            String b = body();
            return b.isEmpty() ? List.of() : List.of(b.split("\\s+"));
        }

        /** The exec form (a JSON array) of CMD, ENTRYPOINT or RUN; null for the shell form. */
        List<String> execForm() {
            String b = body();
            if (!b.startsWith("[")) {
                return null;
            }
            return List.of(JSON.readValue(b, String[].class));
        }
    }

    record Stage(String image, String name, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Instruction last(String keyword) {
            List<Instruction> all = all(keyword);
            return all.isEmpty() ? null : all.get(all.size() - 1);
        }

        /** The ENV of this stage: name to value (quotes removed). */
        Map<String, String> environment() {
            Map<String, String> out = new LinkedHashMap<>();
            Matcher m = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)").matcher("");
            for (Instruction i : all("ENV")) {
                m.reset(i.arguments());
                while (m.find()) {
                    String v = m.group(2);
                    out.put(m.group(1), v.startsWith("\"") ? v.substring(1, v.length() - 1).replace("\\\"", "\"") : v);
                }
            }
            return out;
        }

        /** The HEALTHCHECK's command as an argument list (the shell form run by /bin/sh -c), or null. */
        List<String> healthCheckCommand() {
            Instruction health = last("HEALTHCHECK");
            if (health == null || !health.body().startsWith("CMD ")) {
                return null;
            }
            String cmd = health.body().substring(4).strip();
            return cmd.startsWith("[") ? List.of(JSON.readValue(cmd, String[].class)) : List.of("/bin/sh", "-c", cmd);
        }

        /** The working directory at the end of the stage. */
        String workdir() {
            Instruction w = last("WORKDIR");
            return w == null ? "/" : w.body();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    final Path context;
    final List<Stage> stages = new ArrayList<>();
    final List<String> ignorePatterns = new ArrayList<>();

    Dockerfile(Path context, String name) {
        this.context = context;
        Stage current = null;
        for (Instruction i : instructions(read(context.resolve(name)))) {
            if (i.keyword().equals("FROM")) {
                Matcher m = Pattern.compile("(?:--\\S+\\s+)*(\\S+)(?:\\s+AS\\s+(\\S+))?", Pattern.CASE_INSENSITIVE)
                        .matcher(i.arguments());
                if (!m.matches()) {
                    throw new IllegalArgumentException("FROM " + i.arguments());
                }
                current = new Stage(m.group(1), m.group(2), new ArrayList<>());
                stages.add(current);
            } else if (current != null) {
                current.instructions().add(i);
            }
        }
        Path ignore = context.resolve(".dockerignore");
        if (Files.exists(ignore)) {
            read(ignore).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .forEach(ignorePatterns::add);
        }
    }

    static Dockerfile load() {
        return new Dockerfile(Compose.ROOT, "Dockerfile");
    }

    Stage runtime() {
        return stages.get(stages.size() - 1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Instruction> instructions(String text) {
        List<Instruction> out = new ArrayList<>();
        StringBuilder buffer = new StringBuilder();
        for (String line : text.split("\n")) {
            String s = line.strip();
            if (s.startsWith("#") || s.isEmpty()) {
                continue;  // comments and blank lines, also between continuation lines
            }
            if (s.endsWith("\\")) {
                buffer.append(s, 0, s.length() - 1).append(' ');
                continue;
            }
            buffer.append(s);
            String joined = buffer.toString().strip();
            int space = joined.indexOf(' ');
            out.add(new Instruction((space < 0 ? joined : joined.substring(0, space)).toUpperCase(),
                    space < 0 ? "" : joined.substring(space + 1).strip()));
            buffer.setLength(0);
        }
        return out;
    }

    /**
     * Whether .dockerignore keeps a path of the build context out, as Docker decides it: the last matching pattern
     * wins, a "!" pattern lets a path back in, and a pattern that matches a folder matches everything inside it.
     */
    boolean ignored(String path) {
        String rel = strip(path);
        List<String> prefixes = new ArrayList<>();
        String[] parts = rel.split("/");
        for (int i = 1; i <= parts.length; i++) {
            prefixes.add(String.join("/", Arrays.copyOf(parts, i)));
        }
        boolean result = false;
        for (String pattern : ignorePatterns) {
            boolean negated = pattern.startsWith("!");
            String p = strip(negated ? pattern.substring(1) : pattern);
            List<String> globs = new ArrayList<>(List.of(p));
            if (p.startsWith("**/")) {
                globs.add(p.substring(3));  // Docker's **/ also matches at the top
            }
            boolean hit = false;
            for (String glob : globs) {
                var matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
                hit |= prefixes.stream().anyMatch(x -> matcher.matches(Path.of(x)));
            }
            if (hit) {
                result = !negated;
            }
        }
        return result;
    }

    private static String strip(String s) {
        String r = s.strip();
        while (r.startsWith("/") || r.startsWith("./")) {
            r = r.substring(r.startsWith("/") ? 1 : 2);
        }
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }
}
