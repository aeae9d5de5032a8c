package io.hypergrid.search.strategy;

import io.hypergrid.search.parameter.TrialParameters;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hypergrid's side of the sampler benchmark ({@code src/bench/tpe_benchmark.py}); not a test.
 *
 * <ul>
 * <li>{@code serve}: one JSON request per line on stdin, one answer per line on stdout. {@code {"op": "new",
 * "method": "tpe"|"random", "seed": s, "dims": [{"low", "high", "log", "int"} | {"choices": K}]}} starts a study;
 * {@code {"op": "ask", "n": 4}} answers {@code {"points": [[...], ...]}} (a choice as its index); {@code {"op":
 * "tell", "values": [...]}} gives the values of the points of the last ask, in order, to be minimised.</li>
 * <li>{@code time}: the proposal time of the search's own path ({@code TpeStrategy.nextPoints} from the trials so
 * far) at 100, 500 and 1,000 finished trials of the assignment's space, median and 95th percentile of 200
 * proposals after a warm-up.</li>
 * </ul>
 */
public final class TpeBench {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TpeBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("time")) {
            time(System.out);
        } else {
            serve();
        }
    }

    /** A study over bare dimensions. */
    private static final class Study {
        final TreeParzen tpe;
        final TreeParzen.Observations obs;
        int asked;

        Study(TreeParzen tpe) {
            this.tpe = tpe;
            this.obs = tpe.observations();
        }
    }

    private static void serve() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Study study = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            JsonNode req = JSON.readTree(line);
            ObjectNode answer = JSON.createObjectNode();
            switch (req.get("op").asString()) {
                case "new" -> {
                    List<TpeDimension> dims = new ArrayList<>();
                    for (JsonNode d : req.get("dims")) {
                        dims.add(d.has("choices") ? TpeDimension.choices(d.get("choices").asInt())
                                : TpeDimension.range(d.get("low").asDouble(), d.get("high").asDouble(),
                                d.path("log").asBoolean(false), d.path("int").asBoolean(false)));
                    }
                    boolean random = req.get("method").asString().equals("random");
                    TpeStrategy settings = new TpeStrategy(Integer.MAX_VALUE, req.get("seed").asLong(),
                            random ? Integer.MAX_VALUE : null, null, null, null, null, System.getProperty("tpe.bandwidth"), null, null, null);
                    study = new Study(new TreeParzen(settings, dims));
                    answer.put("ok", true);
                }
                case "ask" -> {
                    int n = req.get("n").asInt();
                    int before = study.obs.n;
                    TreeParzen tpe = study.tpe;
                    List<List<Double>> points = tpe.propose(study.obs, n, x -> decode(tpe, x));
                    study.asked = points.size();
                    if (study.obs.n - before != points.size()) {
                        throw new IllegalStateException("the liars were not added");
                    }
                    ArrayNode array = answer.putArray("points");
                    for (List<Double> p : points) {
                        ArrayNode a = array.addArray();
                        p.forEach(a::add);
                    }
                }
                case "tell" -> {
                    JsonNode values = req.get("values");
                    int first = study.obs.n - study.asked;
                    for (int i = 0; i < study.asked; i++) {
                        study.obs.tier[first + i] = TreeParzen.Tier.SUCCEEDED;
                        study.obs.value[first + i] = -values.get(i).asDouble(); // minimised: the estimator maximises
                    }
                    study.obs.configurations += study.asked;
                    study.asked = 0;
                    answer.put("ok", true);
                }
                default -> throw new IllegalArgumentException(line);
            }
            out.println(JSON.writeValueAsString(answer));
        }
    }

    private static List<Double> decode(TreeParzen tpe, double[] x) {
        Double[] v = new Double[x.length];
        for (int i = 0; i < x.length; i++) {
            Object o = tpe.dim(i).value(x[i]);
            v[i] = ((Number) o).doubleValue();
        }
        return Arrays.asList(v);
    }

    /** The proposal time on the search's own path: history as the queue reads it, one point proposed. */
    static void time(PrintStream out) {
        SearchSpace space = TreeParzenTest.SPACE;
        TpeStrategy tpe = new TpeStrategy(2000, 1L, null, null, null, null, null, null, null, null, null);
        out.println("finished trials | median ms per proposal | p95 ms | (space: eta log, lambda, batch size of 4)");
        for (int finished : new int[] {100, 500, 1000}) {
            List<PastTrial> history = new ArrayList<>();
            for (TrialParameters p : new RandomStrategy(finished, 7L, null).initialPoints(space)) {
                history.add(new PastTrial(history.size(), p, "SUCCEEDED", 2, TreeParzenTest.objective(p)));
            }
            // 4 running trials: the liars a parallel search has
            for (TrialParameters p : tpe.nextPoints(space, history, 4)) {
                history.add(new PastTrial(history.size(), p, "RUNNING", 0, null));
            }
            for (int i = 0; i < 300; i++) {
                tpe.nextPoints(space, history, 1); // warm-up: compiled code
            }
            long[] nanos = new long[200];
            for (int i = 0; i < nanos.length; i++) {
                TpeStrategy seeded = new TpeStrategy(2000, (long) i, null, null, null, null, null, null, null, null, null);
                long t0 = System.nanoTime();
                seeded.nextPoints(space, history, 1);
                nanos[i] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            out.printf(java.util.Locale.ROOT, "%15d | %22.3f | %6.3f%n", finished, nanos[nanos.length / 2] / 1e6,
                    nanos[nanos.length * 95 / 100] / 1e6);
        }
    }
}
