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
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

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
     * when all succeeded (their mean accuracy); pruned when some were pruned and the others succeeded (their mean,
     * at the fewest epochs reached); failed (or cancelled) otherwise.
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
                    case "SUCCEEDED", "PRUNED" -> {
                        if (t.validationAccuracy() == null || !Double.isFinite(t.validationAccuracy())) {
                            failed = true;
                        } else {
                            sum += t.validationAccuracy();
                            valued++;
                            pruned |= t.state().equals("PRUNED");
                            if (t.state().equals("PRUNED")) {
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
        Mixture l = new Mixture(obs, order, 0, good);
        Mixture g = new Mixture(obs, order, good, obs.n);
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
     * A Parzen mixture over some observations plus the prior kernel (the last one): flat arrays of centres, one
     * bandwidth per continuous dimension, and per kernel the log of its weight and normalising constants.
     */
    private final class Mixture {
        final int kernels;
        final double[][] centre;
        /** Per kernel and continuous dimension (the prior's: the whole range). */
        final double[][] sigma;
        /** Per categorical dimension: log of the kept and of each other choice's probability. */
        final double[] logKeep;
        final double[] logOther;
        /** log weight - sum over continuous dimensions of (log sigma + log sqrt(2 pi) + log Z). */
        final double[] logConst;
        final double[] cumulative;
        final boolean prior;
        final double[] scratch;
        /** Per dimension: categorical or not, and -log of its size (the prior's density of a choice). */
        final boolean[] categorical;
        final double[] logUniform;
        /** 1 / sigma, as sigma: multiplied in the density's inner loop. */
        final double[][] inverseSigma;

        Mixture(Observations obs, int[] order, int from, int to) {
            int observed = to - from;
            double priorWeight = settings.priorWeightOrDefault();
            prior = priorWeight > 0 || observed == 0;
            kernels = observed + (prior ? 1 : 0);
            int d = dims.size();
            centre = new double[kernels][];
            for (int k = 0; k < observed; k++) {
                centre[k] = obs.x[order[from + k]];
            }
            if (prior) {
                double[] middle = new double[d];
                for (int i = 0; i < d; i++) {
                    middle[i] = dims.get(i).categorical ? -1 : 0.5 * (dims.get(i).low + dims.get(i).high);
                }
                centre[observed] = middle;
            }
            // Scott's rule in the unit cube, bounded below by minBandwidth and the magic clip, above by 1
            double h = 0.2 * Math.pow(kernels, -1.0 / (d + 4));
            h = Math.min(1.0, Math.max(h, Math.max(settings.minBandwidthOrDefault(), 1.0 / (1 + kernels))));
            sigma = new double[kernels][d];
            logKeep = new double[d];
            logOther = new double[d];
            for (int i = 0; i < d; i++) {
                TpeDimension dim = dims.get(i);
                if (dim.categorical) {
                    int size = dim.size();
                    double lambda = h * (size - 1) / size;
                    logKeep[i] = Math.log(1 - lambda);
                    logOther[i] = Math.log(lambda / (size - 1));
                } else {
                    double range = dim.high - dim.low;
                    for (int k = 0; k < kernels; k++) {
                        sigma[k][i] = h * range;
                    }
                    if (settings.neighbourBandwidth() && observed > 0) {
                        neighbours(i, observed, Math.max(settings.minBandwidthOrDefault(), 1.0 / (1 + kernels)) * range);
                    }
                    if (prior) {
                        sigma[kernels - 1][i] = range;
                    }
                }
            }
            categorical = new boolean[d];
            logUniform = new double[d];
            for (int i = 0; i < d; i++) {
                categorical[i] = dims.get(i).categorical;
                logUniform[i] = categorical[i] ? -Math.log(dims.get(i).size()) : 0;
            }
            inverseSigma = new double[kernels][d];
            for (int k = 0; k < kernels; k++) {
                for (int i = 0; i < d; i++) {
                    inverseSigma[k][i] = categorical[i] ? 0 : 1 / sigma[k][i];
                }
            }
            logConst = new double[kernels];
            cumulative = new double[kernels];
            // every observation weighs 1, old or new; the prior priorWeight (alone: 1)
            double total = observed + (prior ? (observed == 0 ? 1 : priorWeight) : 0);
            double sum = 0;
            for (int k = 0; k < kernels; k++) {
                double w = (k < observed ? 1 : (observed == 0 ? 1 : priorWeight)) / total;
                sum += w;
                cumulative[k] = sum;
                double c = Math.log(w);
                for (int i = 0; i < d; i++) {
                    TpeDimension dim = dims.get(i);
                    if (!dim.categorical) {
                        double s = kernelSigma(k, i);
                        double mu = centre[k][i];
                        double z = normalCdf((dim.high - mu) / s) - normalCdf((dim.low - mu) / s);
                        c -= Math.log(s) + LOG_SQRT_2PI + Math.log(Math.max(z, 1e-300));
                    }
                }
                logConst[k] = c;
            }
            scratch = new double[kernels];
        }

        private double kernelSigma(int k, int i) {
            return sigma[k][i];
        }

        /**
         * The neighbours' rule (Optuna's, hyperopt's): an observation's bandwidth in a dimension is the larger gap to
         * its neighbours in that dimension (the range's ends count as neighbours, except beside the outermost ones),
         * between {@code min} and the range.
         */
        private void neighbours(int i, int observed, double min) {
            TpeDimension dim = dims.get(i);
            int[] sorted = new int[observed];
            double[] column = new double[observed]; // contiguous: the sort reads it n log n times
            for (int k = 0; k < observed; k++) {
                sorted[k] = k;
                column[k] = centre[k][i];
            }
            sortIndexes(sorted, observed, (a, b) -> Double.compare(column[a], column[b]));
            double range = dim.high - dim.low;
            for (int j = 0; j < observed; j++) {
                double v = centre[sorted[j]][i];
                double left = j == 0 ? dim.low : centre[sorted[j - 1]][i];
                double right = j == observed - 1 ? dim.high : centre[sorted[j + 1]][i];
                double s = Math.max(v - left, right - v);
                if (observed >= 2 && j == 0) {
                    s = centre[sorted[1]][i] - v;
                } else if (observed >= 2 && j == observed - 1) {
                    s = v - centre[sorted[j - 1]][i];
                }
                sigma[sorted[j]][i] = Math.min(range, Math.max(min, s));
            }
        }

        double[] draw(Random random, double[] x) {
            double u = random.nextDouble() * cumulative[kernels - 1];
            int k = 0;
            while (k < kernels - 1 && cumulative[k] < u) {
                k++;
            }
            for (int i = 0; i < x.length; i++) {
                TpeDimension dim = dims.get(i);
                double mu = centre[k][i];
                if (dim.categorical) {
                    int size = dim.size();
                    if (mu < 0) {
                        x[i] = random.nextInt(size); // the prior: uniform
                    } else if (random.nextDouble() < Math.exp(logKeep[i])) {
                        x[i] = mu;
                    } else {
                        int other = random.nextInt(size - 1);
                        x[i] = other >= (int) mu ? other + 1 : other;
                    }
                } else {
                    double s = kernelSigma(k, i);
                    double v = Double.NaN;
                    for (int tries = 0; tries < 100 && !(v >= dim.low && v <= dim.high); tries++) {
                        v = mu + s * random.nextGaussian();
                    }
                    x[i] = v >= dim.low && v <= dim.high ? v : Math.max(dim.low, Math.min(dim.high, mu));
                }
            }
            return x;
        }

        double logDensity(double[] x) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < kernels; k++) {
                double v = logConst[k];
                double[] c = centre[k];
                double[] inverse = inverseSigma[k];
                for (int i = 0; i < x.length; i++) {
                    if (categorical[i]) {
                        v += c[i] < 0 ? logUniform[i] : c[i] == x[i] ? logKeep[i] : logOther[i];
                    } else {
                        double z = (x[i] - c[i]) * inverse[i];
                        v -= 0.5 * z * z;
                    }
                }
                scratch[k] = v;
                max = Math.max(max, v);
            }
            // kernels more than e^-40 below the largest change nothing in double precision: their exp is skipped
            double cutoff = max - 40;
            double sum = 0;
            for (int k = 0; k < kernels; k++) {
                if (scratch[k] > cutoff) {
                    sum += Math.exp(scratch[k] - max);
                }
            }
            return max + Math.log(sum);
        }
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

    /** The standard normal distribution function, from erfc (Numerical Recipes' Chebyshev fit, error below 1.2e-7). */
    static double normalCdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /** A seed for the proposal number {@code index} of a search seeded {@code seed} (SplitMix64's finaliser). */
    static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + (index + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
