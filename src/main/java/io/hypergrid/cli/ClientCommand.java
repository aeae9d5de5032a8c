package io.hypergrid.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The client commands against a running service: {@code status ID}, {@code top ID [-k K] [--by validation|test]},
 * {@code cancel ID}, {@code retry ID}. Exit codes: 0 done, 1 the service refused (its problem details printed, one
 * line per invalid field), 2 a usage error, 3 the service unreachable. {@code submit} and {@code watch} are to come.
 */
final class ClientCommand implements Command {
    enum Kind { STATUS, TOP, CANCEL, RETRY }

    private final Kind kind;
    private final Map<String, String> env;

    ClientCommand(Kind kind, Map<String, String> env) {
        this.kind = kind;
        this.env = env;
    }

    static List<Command> all() {
        List<Command> out = new ArrayList<>();
        for (Kind k : Kind.values()) {
            out.add(new ClientCommand(k, System.getenv()));
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
        return switch (kind) {
            case STATUS -> "status ID: a search's state, trials per state, epochs done of total, best so far\n" + common;
            case TOP -> "top ID [-k K (5)] [--by validation|test]: the K best trials as a table\n" + common;
            case CANCEL -> "cancel ID: cancel a search's pending and running trials\n" + common;
            case RETRY -> "retry ID: put a search's failed and cancelled trials back to pending\n" + common;
        };
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        if (argv.length == 0 || argv[0].startsWith("-")) {
            throw new CliException("the search's ID first (" + name() + " ID ...)");
        }
        long id;
        try {
            id = Long.parseLong(argv[0]);
        } catch (NumberFormatException e) {
            throw new CliException("the search's ID must be a number, not '" + argv[0] + "'");
        }
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < argv.length; i++) {
            rest.add("-k".equals(argv[i]) ? "--k" : argv[i]);
        }
        Set<String> options = new java.util.HashSet<>(ServiceClient.OPTIONS);
        if (kind == Kind.TOP) {
            options.addAll(Set.of("k", "by"));
        }
        Args args = Args.parse(rest.toArray(String[]::new), options, Set.of());
        ServiceClient client = new ServiceClient(args, env);
        try {
            switch (kind) {
                case STATUS -> out.println(statusLine(client.get("/api/searches/" + id)));
                case CANCEL -> out.println(statusLine(client.post("/api/searches/" + id + "/cancel", null)));
                case RETRY -> out.println(statusLine(client.post("/api/searches/" + id + "/retry", null)));
                case TOP -> {
                    String by = args.string("by", "validation");
                    JsonNode top = client.get("/api/searches/" + id + "/top?k=" + args.integer("k", 5) + "&by="
                            + java.net.URLEncoder.encode(by, java.nio.charset.StandardCharsets.UTF_8));
                    table(top, out);
                }
            }
            return 0;
        } catch (ServiceClient.Problem p) {
            p.lines.forEach(l -> err.println("hypergrid " + name() + ": " + l.strip()));
            return 1;
        } catch (ServiceClient.Unreachable u) {
            err.println("hypergrid " + name() + ": " + u.getMessage());
            return 3;
        }
    }

    /** "search 12 'name' RUNNING: pending 3, running 2, succeeded 5; epochs 30/100; best #7 validation 41.20 %". */
    static String statusLine(JsonNode s) {
        StringBuilder sb = new StringBuilder("search ").append(s.path("id").asLong()).append(" '")
                .append(s.path("name").asString()).append("' ").append(s.path("state").asString()).append(":");
        List<String> counts = new ArrayList<>();
        s.path("trials").properties().forEach(e -> {
            if (e.getValue().asLong() > 0) {
                counts.add(e.getKey().toLowerCase(Locale.ROOT) + " " + e.getValue().asLong());
            }
        });
        sb.append(' ').append(String.join(", ", counts));
        sb.append("; epochs ").append(s.path("epochsDone").asLong()).append('/').append(s.path("epochsTotal").asLong());
        JsonNode best = s.get("best");
        if (best != null && !best.isNull()) {
            sb.append("; best #").append(best.path("trialId").asLong()).append(" validation ")
                    .append(pct(best.get("validationAccuracy"))).append(", test ").append(pct(best.get("testAccuracy")));
        }
        return sb.toString();
    }

    private static void table(JsonNode top, PrintStream out) {
        out.printf("%4s  %8s  %10s  %10s  %s%n", "rank", "trial", "validation", "test", "parameters");
        for (JsonNode t : top) {
            List<String> params = new ArrayList<>();
            t.path("parameters").properties().forEach(e -> params.add(e.getKey() + "=" + e.getValue().asString()));
            out.printf("%4d  %8s  %10s  %10s  %s%n", t.path("rank").asInt(), "#" + t.path("trialId").asLong(),
                    pct(t.get("validationAccuracy")), pct(t.get("testAccuracy")), String.join(" ", params));
        }
    }

    private static String pct(JsonNode v) {
        return v == null || v.isNull() ? "-" : String.format(Locale.ROOT, "%.2f %%", 100 * v.asDouble());
    }
}
