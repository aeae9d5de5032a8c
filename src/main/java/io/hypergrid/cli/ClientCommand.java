package io.hypergrid.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The client commands against a running service: {@code submit FILE [--watch]}, {@code status ID}, {@code watch ID},
 * {@code top ID [-k K] [--by validation|test]}, {@code cancel ID}, {@code retry ID}. Exit codes: {@link #DONE},
 * {@link #REFUSED} (the problem details printed, one line per invalid field), {@link #USAGE}, {@link #UNREACHABLE};
 * and for a watch, how the search ended: {@link #TRIALS_FAILED}, {@link #CANCELLED}, {@link #SEARCH_FAILED}.
 */
final class ClientCommand implements Command {
    enum Kind { SUBMIT, STATUS, WATCH, TOP, CANCEL, RETRY }

    /** Done; for a watch: the search succeeded, every trial succeeded or was pruned (or stopped by a limit). */
    static final int DONE = 0;
    /** The service refused: its problem details on standard error. */
    static final int REFUSED = 1;
    /** A usage error (Cli prints it). */
    static final int USAGE = 2;
    /** The service could not be reached. */
    static final int UNREACHABLE = 3;
    /** The search succeeded but some of its trials failed. */
    static final int TRIALS_FAILED = 4;
    /** The search was cancelled. */
    static final int CANCELLED = 5;
    /** The search failed (more failed trials than it allows, or no trial succeeded). */
    static final int SEARCH_FAILED = 6;

    private final Kind kind;
    private final Map<String, String> env;
    private final BooleanSupplier terminal;
    private final Supplier<InputStream> stdin;

    /**
     * @param terminal whether standard output is a terminal (live progress line) rather than a pipe or a file
     */
    ClientCommand(Kind kind, Map<String, String> env, BooleanSupplier terminal, Supplier<InputStream> stdin) {
        this.kind = kind;
        this.env = env;
        this.terminal = terminal;
        this.stdin = stdin;
    }

    static List<Command> all() {
        List<Command> out = new ArrayList<>();
        for (Kind k : Kind.values()) {
            out.add(new ClientCommand(k, System.getenv(), ClientCommand::stdoutIsTerminal, () -> System.in));
        }
        return out;
    }

    @Override
    public String name() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String usage() {
        String common = "  --url URL (HYPERGRID_URL, else http://localhost:8080)  --token T (HYPERGRID_TOKEN)";
        String watching = "  --plain (one line per change) or --live (a line rewritten in place; the default on a"
                + " terminal)\n  exit: 0 succeeded, 4 succeeded with failed trials, 5 cancelled, 6 failed; Ctrl-C stops"
                + " watching, the search goes on\n";
        return switch (kind) {
            case SUBMIT -> "submit FILE [--watch]: submit the search in a JSON file (- for standard input); prints its"
                    + " ID, then a summary line\n  --watch: then watch it as below\n" + watching + common;
            case STATUS -> "status ID: a search's state, trials per state, epochs done of total, best so far\n" + common;
            case WATCH -> "watch ID: follow a search to its end (trials per state, epochs, elapsed, time left, best so"
                    + " far), then its top 5\n" + watching + common;
            case TOP -> "top ID [-k K (5)] [--by validation|test]: the K best trials as a table\n" + common;
            case CANCEL -> "cancel ID: cancel a search's pending and running trials\n" + common;
            case RETRY -> "retry ID: put a search's failed and cancelled trials back to pending\n" + common;
        };
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        if (argv.length == 0 || argv[0].startsWith("-") && !(kind == Kind.SUBMIT && "-".equals(argv[0]))) {
            throw new CliException(kind == Kind.SUBMIT ? "the search's file first (submit FILE ..., - for standard"
                    + " input)" : "the search's ID first (" + name() + " ID ...)");
        }
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < argv.length; i++) {
            rest.add("-k".equals(argv[i]) ? "--k" : argv[i]);
        }
        Set<String> options = new HashSet<>(ServiceClient.OPTIONS);
        Set<String> flags = new HashSet<>();
        switch (kind) {
            case TOP -> options.addAll(Set.of("k", "by"));
            case SUBMIT -> flags.addAll(Set.of("watch", "plain", "live"));
            case WATCH -> flags.addAll(Set.of("plain", "live"));
            default -> { }
        }
        Args args = Args.parse(rest.toArray(String[]::new), options, flags);
        if (args.flag("plain") && args.flag("live")) {
            throw new CliException("--plain or --live, not both");
        }
        if ((args.flag("plain") || args.flag("live")) && kind == Kind.SUBMIT && !args.flag("watch")) {
            throw new CliException("--plain and --live go with --watch");
        }
        // usage errors, a missing file included, before anything is sent
        String search = kind == Kind.SUBMIT ? read(argv[0]) : null;
        long id = kind == Kind.SUBMIT ? 0 : id(argv[0]);
        ServiceClient client = new ServiceClient(args, env);
        try {
            switch (kind) {
                case SUBMIT -> {
                    JsonNode created = client.post("/api/searches", search);
                    id = created.path("id").asLong();
                    out.println(id); // alone on the first line, for scripts: id=$(... submit f.json | head -1)
                    out.println(statusLine(created));
                    return args.flag("watch") ? watch(client, id, args, out, err) : DONE;
                }
                case WATCH -> {
                    return watch(client, id, args, out, err);
                }
                case STATUS -> out.println(statusLine(client.get("/api/searches/" + id)));
                case CANCEL -> out.println(statusLine(client.post("/api/searches/" + id + "/cancel", null)));
                case RETRY -> out.println(statusLine(client.post("/api/searches/" + id + "/retry", null)));
                case TOP -> top(client, id, args.integer("k", 5), args.string("by", "validation"), out);
            }
            return DONE;
        } catch (ServiceClient.Problem p) {
            p.lines.forEach(l -> err.println("hypergrid " + name() + ": " + l.strip()));
            return REFUSED;
        } catch (ServiceClient.Unreachable u) {
            err.println("hypergrid " + name() + ": " + u.getMessage());
            return UNREACHABLE;
        }
    }

    /** Follows the search to its end, prints its top 5 and says by the exit code how it ended. */
    private int watch(ServiceClient client, long id, Args args, PrintStream out, PrintStream err) throws Exception {
        boolean live = args.flag("live") || !args.flag("plain") && terminal.getAsBoolean();
        WatchView view = new WatchView(out, err, live, System::nanoTime, live ? terminalWidth() : 0);
        // Ctrl-C ends the JVM (exit 130): say that only the watch stopped, on a line of its own
        Thread onInterrupt = new Thread(() -> {
            view.stop();
            err.println("hypergrid " + name() + ": stopped watching; search " + id + " goes on (watch " + id
                    + " to follow it again)");
        });
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        JsonNode end;
        try {
            end = new SearchFollower(client, id, view).follow();
            view.end(end);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException e) { // already shutting down: the hook runs
            }
        }
        out.println();
        top(client, id, 5, "validation", out);
        return exitCode(end);
    }

    /** How a finished search ended, as an exit code. */
    static int exitCode(JsonNode status) {
        return switch (status.path("state").asString()) {
            case "SUCCEEDED" -> status.path("trials").path("FAILED").asLong(0) > 0 ? TRIALS_FAILED : DONE;
            case "CANCELLED" -> CANCELLED;
            default -> SEARCH_FAILED;
        };
    }

    private String read(String file) {
        try {
            return "-".equals(file) ? new String(stdin.get().readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file));
        } catch (NoSuchFileException e) {
            throw new CliException("no such file: " + file);
        } catch (CharacterCodingException e) {
            throw new CliException(file + " is not UTF-8 text");
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new CliException("cannot read " + file + ": " + Cli.describe(e));
        }
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new CliException("the search's ID must be a number, not '" + text + "'");
        }
    }

    /**
     * Whether standard output is a terminal. On Java 17 {@link System#console()} is null when standard input or
     * output is redirected; from JDK 22 it may be there regardless, and {@code Console.isTerminal()} says. TERM=dumb
     * (an editor's shell, some CI logs) cannot take a line rewritten in place.
     */
    static boolean stdoutIsTerminal() {
        java.io.Console console = System.console();
        if (console == null || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) { // before JDK 22: a console means a terminal
            return true;
        }
    }

    /** The terminal's columns: COLUMNS if the shell exports it, else what stty says of the terminal; 0 unknown. */
    private int terminalWidth() {
        try {
            return Integer.parseInt(env.getOrDefault("COLUMNS", "").strip());
        } catch (NumberFormatException e) {
            // not exported (bash keeps it to itself): ask the terminal
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            String[] rowsColumns = size.split("\\s+");
            return stty.waitFor() == 0 && rowsColumns.length == 2 ? Integer.parseInt(rowsColumns[1]) : 0;
        } catch (IOException | NumberFormatException e) { // no stty, no /dev/tty (Windows): not cut
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** "search 12 'name' RUNNING: pending 3, running 2, succeeded 5; epochs 30/100; best #7 validation 41.20 %". */
    static String statusLine(JsonNode s) {
        StringBuilder sb = new StringBuilder("search ").append(s.path("id").asLong()).append(" '")
                .append(s.path("name").asString()).append("' ").append(s.path("state").asString()).append(": ")
                .append(counts(s));
        sb.append("; epochs ").append(s.path("epochsDone").asLong()).append('/').append(s.path("epochsTotal").asLong());
        JsonNode best = s.get("best");
        if (best != null && !best.isNull()) {
            sb.append("; best #").append(best.path("trialId").asLong()).append(" validation ")
                    .append(pct(best.get("validationAccuracy"))).append(", test ").append(pct(best.get("testAccuracy")));
        }
        return sb.toString();
    }

    /** The trial states with any trials: "pending 3, running 2, succeeded 5". */
    static String counts(JsonNode s) {
        List<String> counts = new ArrayList<>();
        s.path("trials").properties().forEach(e -> {
            if (e.getValue().asLong() > 0) {
                counts.add(e.getKey().toLowerCase(Locale.ROOT) + " " + e.getValue().asLong());
            }
        });
        return String.join(", ", counts);
    }

    /** The K best trials as a table. */
    private static void top(ServiceClient client, long id, int k, String by, PrintStream out) throws Exception {
        JsonNode top = client.get("/api/searches/" + id + "/top?k=" + k + "&by="
                + URLEncoder.encode(by, StandardCharsets.UTF_8));
        out.printf("%4s  %8s  %10s  %10s  %s%n", "rank", "trial", "validation", "test", "parameters");
        for (JsonNode t : top) {
            List<String> params = new ArrayList<>();
            t.path("parameters").properties().forEach(e -> params.add(e.getKey() + "=" + e.getValue().asString()));
            out.printf("%4d  %8s  %10s  %10s  %s%n", t.path("rank").asInt(), "#" + t.path("trialId").asLong(),
                    pct(t.get("validationAccuracy")), pct(t.get("testAccuracy")), String.join(" ", params));
        }
    }

    static String pct(JsonNode v) {
        return v == null || v.isNull() ? "-" : String.format(Locale.ROOT, "%.2f %%", 100 * v.asDouble());
    }
}
