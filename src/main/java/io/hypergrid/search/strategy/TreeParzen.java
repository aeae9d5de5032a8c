package io.hypergrid.search.strategy;

import io.hypergrid.search.parameter.Parameter;
import io.hypergrid.search.parameter.Parameters;
import io.hypergrid.search.parameter.TrialParameters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The multivariate Tree-structured Parzen Estimator (Bergstra et al. 2011; the components as in Watanabe 2023 and
 * Optuna's {@code TPESampler(multivariate=True, constant_liar=True)}), written for the proposal seam: deterministic
 * given the seed and the history's order, and allocation-light (flat arrays, no boxing in the loops).
 *
 * <p>Each configuration so far is one observation (its repeats averaged). They are ranked: succeeded ones by
 * validation accuracy, then pruned ones below every succeeded one (by the epoch they reached, later first, then by
 * their value there). The best {@code min(ceil(gamma n), 25)} are good, the rest bad; failed and cancelled ones and,
 * with the constant liar, running ones and the points proposed in the same call are bad too. Two mixtures are built:
 * l over the good, g over the bad, each with one kernel per observation (weight 1) and a prior kernel. Candidates are
 * drawn from l and the one with the highest log l(x) - log g(x) that the search does not have yet is proposed.
 *
 * <p>Ranges are modelled in their own scale (log for a log range; whole numbers on [low - 0.5, high + 0.5]) with
 * truncated Gaussian kernels. Bandwidth ({@code bandwidth}): {@code neighbours} (default) gives each observation, per
 * dimension, the larger gap to its neighbours among the group's observations (as Optuna 5's TPE does); {@code scott}
 * gives all of them {@code 0.2 n^(-1/(d+4))} of the range (Scott's rule, as older multivariate Optuna). Either is
 * bounded below by {@code max(minBandwidth, 1/(1+n))} of the range (the second term is Optuna's "magic clip") and
 * above by the range. The prior kernel sits at the middle with the whole range as its bandwidth. Lists are
 * categorical with the Aitchison-Aitken kernel: the observed choice keeps {@code 1 - h (K-1)/K}, the other K-1 share
 * the rest, h being Scott's normalised bandwidth (bounded the same way).
 */
final class TreeParzen {
    private final TpeStrategy settings;
    private final SearchSpace space;
    /** The dimensions that vary: ranges (continuous) and lists of two or more values (categorical). */
    private final List<TpeDimension> dims = new ArrayList<>();
    /** What every point has for the dimensions that do not vary. */
    private final Map<Parameter<?>, Object> fixed = new LinkedHashMap<>();

    TreeParzen(TpeStrategy settings, SearchSpace space) {
        this.settings = settings;
        this.space = space;
        fixed.put(Parameters.DATASET, space.dataset());
        for (Parameter<?> p : Parameters.DIMENSIONS) {
            SearchSpace.SampledRange r = space.range(p);
            if (r != null) {
                TpeDimension d = TpeDimension.range(p, r);
                if (d.high > d.low) {
                    dims.add(d);
                } else {
                    fixed.put(p, d.value(d.low));
                }
            } else {
                List<Object> values = space.values(p);
                if (values.size() > 1) {
                    dims.add(TpeDimension.choice(p, values));
                } else {
                    fixed.put(p, values.get(0));
                }
            }
        }
    }


    /**
     * Up to {@code count} new configurations, one by one: each sees the ones before it as running (a liar).
     * Fewer only when the space has no point left that the search does not have.
     */
    List<TrialParameters> propose(List<PastTrial> history, int count) {
        Observations obs = observe(history);
        int startupLeft = Math.max(0, settings.startupTrialsOrDefault() - obs.configurations);
        return propose(obs, Math.min(count, Math.max(startupLeft, settings.proposalsPerClaimOrDefault())), this::point);
    }

    /**
     * The algorithm on points in the model's scale: {@code count} new points of {@code obs} as {@code decode} makes
     * them (a point already in {@code obs.seen} is not proposed again), each added to {@code obs} as a liar.
     */
    <P> List<P> propose(Observations obs, int count, java.util.function.Function<double[], P> decode) {
        List<P> out = new ArrayList<>(count);
        double[] pinned = null; // the stack key of this call's first estimated point: the others share it
        for (int k = 0; k < count; k++) {
            Random random = new Random(mix(settings.sampleSeed(), obs.configurations + k));
            boolean startup = obs.configurations + k < settings.startupTrialsOrDefault();
            double[] x = startup || dims.isEmpty() ? null : sample(obs, random, pinned);
            P point = x == null ? null : decode.apply(x);
            if (point != null && obs.seen.contains(point)) {
                point = null;
            }
            for (int tries = 0; point == null && tries < 1000; tries++) {
                x = pin(uniform(random), startup ? null : pinned);
                point = decode.apply(x);
                if (obs.seen.contains(point)) {
                    point = null;
                }
            }
            if (point == null) {
                break; // no new point found: the space is (nearly) exhausted
            }
            out.add(point);
            obs.seen.add(point);
            if (!startup && pinned == null) {
                pinned = stackKey(x);
            }
            if (settings.constantLiarOrDefault()) {
                obs.add(x, Tier.LIAR, 0, 0);
            }
        }
        return out;
    }

    /** A model over bare dimensions, for the sampler benchmark: no search space, no trial parameters. */
    TreeParzen(TpeStrategy settings, List<TpeDimension> bare) {
        this.settings = settings;
        this.space = null;
        dims.addAll(bare);
    }

    TpeDimension dim(int i) {
        return dims.get(i);
    }

    Observations observations() {
        return new Observations();
    }

    /** The observations' ranks: good candidates first. */
    enum Tier { SUCCEEDED, PRUNED, FAILED, LIAR }

    /** The configurations so far in the model's scale, in history order. */
    final class Observations {
        final Set<Object> seen = new HashSet<>();
        int configurations;
        double[][] x = new double[16][];
        Tier[] tier = new Tier[16];
        int[] epochs = new int[16];
        double[] value = new double[16];
        int n;

        void add(double[] point, Tier t, int epochsReached, double v) {
            if (n == x.length) {
                x = Arrays.copyOf(x, n * 2);
                tier = Arrays.copyOf(tier, n * 2);
                epochs = Arrays.copyOf(epochs, n * 2);
                value = Arrays.copyOf(value, n * 2);
            }
            x[n] = point;
            tier[n] = t;
            epochs[n] = epochsReached;
            value[n] = v;
            n++;
        }

        int size() {
            return n;
        }
    }

    /**
     * One observation per configuration, with its repeats: still running if any repeat is not finished; succeeded
     * when all succeeded (their mean accuracy); pruned when some were pruned (or are paused at a rung) and the others
     * succeeded (their mean, at the fewest epochs reached); failed (or cancelled) otherwise.
     */
    private Observations observe(List<PastTrial> history) {
        Observations obs = new Observations();
        Map<Integer, List<PastTrial>> byConfig = new LinkedHashMap<>();
        for (PastTrial t : history) {
            byConfig.computeIfAbsent(t.configIndex(), c -> new ArrayList<>(1)).add(t);
        }
        obs.configurations = byConfig.size();
        for (List<PastTrial> repeats : byConfig.values()) {
            TrialParameters first = repeats.get(0).parameters();
            obs.seen.add(first);
            double[] point = encode(first);
            if (point == null) {
                continue; // not in this space (cannot happen for the search's own trials)
            }
            boolean running = false;
            boolean pruned = false;
            boolean failed = false;
            double sum = 0;
            int valued = 0;
            int fewestEpochs = Integer.MAX_VALUE;
            for (PastTrial t : repeats) {
                switch (t.state()) {
                    case "SUCCEEDED", "PRUNED", "PAUSED" -> {
                        if (t.validationAccuracy() == null || !Double.isFinite(t.validationAccuracy())) {
                            failed = true;
                        } else {
                            sum += t.validationAccuracy();
                            valued++;
                            if (!t.state().equals("SUCCEEDED")) {
                                // paused at a rung: ranked as if pruned there (it is, unless it goes on later)
                                pruned = true;
                                fewestEpochs = Math.min(fewestEpochs, t.epochsDone());
                            }
                        }
                    }
                    case "PENDING", "RUNNING" -> running = true;
                    default -> failed = true;
                }
            }
            if (running) {
                if (settings.constantLiarOrDefault()) {
                    obs.add(point, Tier.LIAR, 0, 0);
                }
            } else if (failed || valued == 0) {
                obs.add(point, Tier.FAILED, 0, 0);
            } else {
                obs.add(point, pruned ? Tier.PRUNED : Tier.SUCCEEDED, pruned ? fewestEpochs : 0, sum / valued);
            }
        }
        return obs;
    }

    private double[] encode(TrialParameters p) {
        double[] x = new double[dims.size()];
        for (int i = 0; i < x.length; i++) {
            TpeDimension d = dims.get(i);
            x[i] = d.encode(p.get(d.p));
            if (Double.isNaN(x[i])) {
                return null;
            }
        }
        return x;
    }

    private TrialParameters point(double[] x) {
        Map<Parameter<?>, Object> values = new HashMap<>(fixed);
        for (int i = 0; i < x.length; i++) {
            values.put(dims.get(i).p, dims.get(i).value(x[i]));
        }
        return TrialParameters.of(values);
    }

    /**
     * The coordinates of {@code x} in the dimensions that are part of the stack key (batch size, ...), NaN in the
     * others; null when no varying dimension is (then nothing is pinned).
     */
    private double[] stackKey(double[] x) {
        double[] key = null;
        for (int i = 0; i < dims.size(); i++) {
            Parameter<?> p = dims.get(i).p;
            if (p != null && p.stackKey()) {
                if (key == null) {
                    key = new double[x.length];
                    Arrays.fill(key, Double.NaN);
                }
                key[i] = x[i];
            }
        }
        return key;
    }

    /** {@code x} with the pinned coordinates (those that are not NaN) set: points that train as one stack. */
    private static double[] pin(double[] x, double[] pinned) {
        if (pinned != null) {
            for (int i = 0; i < x.length; i++) {
                if (!Double.isNaN(pinned[i])) {
                    x[i] = pinned[i];
                }
            }
        }
        return x;
    }

    /** A point drawn uniformly in the model's scale (log-uniform for log ranges). */
    private double[] uniform(Random random) {
        double[] x = new double[dims.size()];
        for (int i = 0; i < x.length; i++) {
            TpeDimension d = dims.get(i);
            x[i] = d.categorical ? random.nextInt(d.size()) : d.low + random.nextDouble() * (d.high - d.low);
        }
        return x;
    }

    /** The good observations' indexes in rank order, then the bad ones; the count of good ones is returned. */
    private int split(Observations obs, int[] order) {
        int valued = 0;
        for (int i = 0; i < obs.n; i++) {
            if (obs.tier[i] == Tier.SUCCEEDED || obs.tier[i] == Tier.PRUNED) {
                order[valued++] = i;
            }
        }
        // rank the valued ones: succeeded before pruned; pruned by the epoch reached; then value; then history order
        sortIndexes(order, valued, (a, b) -> {
            int c = Integer.compare(obs.tier[a].ordinal(), obs.tier[b].ordinal());
            if (c == 0) {
                c = Integer.compare(obs.epochs[b], obs.epochs[a]);
            }
            return c != 0 ? c : Double.compare(obs.value[b], obs.value[a]);
        });
        if (valued == 0) {
            return 0;
        }
        int good = (int) Math.min(Math.ceil(settings.gammaOrDefault() * obs.n), TpeStrategy.MAX_GOOD);
        good = Math.max(1, Math.min(good, valued));
        boolean[] isGood = new boolean[obs.n];
        for (int i = 0; i < good; i++) {
            isGood[order[i]] = true;
        }
        int j = good;
        for (int i = 0; i < obs.n; i++) {
            if (!isGood[i]) {
                order[j++] = i;
            }
        }
        return good;
    }

    /**
     * The candidate with the best density ratio, or null when nothing is known yet; with {@code pinned}, candidates
     * are drawn from l and then given the pinned coordinates (l and g compared on that slice).
     */
    private double[] sample(Observations obs, Random random, double[] pinned) {
        int[] order = new int[obs.n];
        int good = split(obs, order);
        if (good == 0) {
            return null;
        }
        ParzenMixture l = new ParzenMixture(settings, dims, obs.x, order, 0, good);
        ParzenMixture g = new ParzenMixture(settings, dims, obs.x, order, good, obs.n);
        int m = settings.candidatesOrDefault();
        double[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        double[] x = new double[dims.size()];
        for (int c = 0; c < m; c++) {
            pin(l.draw(random, x), pinned);
            double score = l.logDensity(x) - g.logDensity(x);
            if (best == null || score > bestScore) {
                best = x.clone();
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * Sorts {@code a[0..n)} by {@code cmp}, stably (equal ones keep their order): a merge sort on primitive indexes,
     * as boxing them for {@code Arrays.sort} took most of a proposal's time at 1,000 trials.
     */
    static void sortIndexes(int[] a, int n, java.util.function.IntBinaryOperator cmp) {
        final int run = 32;
        for (int lo = 0; lo < n; lo += run) { // insertion sort in short runs: few calls, cache-friendly
            int hi = Math.min(lo + run, n);
            for (int k = lo + 1; k < hi; k++) {
                int v = a[k];
                int j = k - 1;
                while (j >= lo && cmp.applyAsInt(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
        }
        int[] buffer = new int[n];
        for (int width = run; width < n; width *= 2) {
            for (int lo = 0; lo < n - width; lo += 2 * width) {
                int mid = lo + width;
                int hi = Math.min(lo + 2 * width, n);
                if (cmp.applyAsInt(a[mid - 1], a[mid]) <= 0) {
                    continue; // already in order
                }
                System.arraycopy(a, lo, buffer, lo, hi - lo);
                int i = lo;
                int j = mid;
                for (int k = lo; k < hi; k++) {
                    a[k] = i < mid && (j >= hi || cmp.applyAsInt(buffer[i], buffer[j]) <= 0) ? buffer[i++] : buffer[j++];
                }
            }
        }
    }

    /** A seed for the proposal number {@code index} of a search seeded {@code seed} (SplitMix64's finaliser). */
    static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + (index + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
