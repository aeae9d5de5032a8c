package io.hypergrid.search.strategy;

import java.util.List;
import java.util.Random;

/**
 * A Parzen mixture over some observations plus the prior kernel (the last one): the density l(x) or g(x) of
 * {@link TreeParzen}. Flat arrays of centres, one bandwidth per kernel and continuous dimension, and per kernel the
 * log of its weight and normalising constants; truncated Gaussian kernels on ranges, Aitchison-Aitken on lists.
 */
final class ParzenMixture {
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final List<TpeDimension> dims;
    private final int kernels;
    private final double[][] centre;
    /** Per kernel and continuous dimension (the prior's: the whole range). */
    private final double[][] sigma;
    /** Per categorical dimension: log of the kept and of each other choice's probability. */
    private final double[] logKeep;
    private final double[] logOther;
    /** log weight - sum over continuous dimensions of (log sigma + log sqrt(2 pi) + log Z). */
    private final double[] logConst;
    private final double[] cumulative;
    private final double[] scratch;
    /** Per dimension: categorical or not, and -log of its size (the prior's density of a choice). */
    private final boolean[] categorical;
    private final double[] logUniform;
    /** 1 / sigma, as sigma: multiplied in the density's inner loop. */
    private final double[][] inverseSigma;

    ParzenMixture(TpeStrategy settings, List<TpeDimension> dims, double[][] points, int[] order, int from, int to) {
        this.dims = dims;
        int observed = to - from;
        double priorWeight = settings.priorWeightOrDefault();
        boolean prior = priorWeight > 0 || observed == 0;
        kernels = observed + (prior ? 1 : 0);
        int d = dims.size();
        centre = new double[kernels][];
        for (int k = 0; k < observed; k++) {
            centre[k] = points[order[from + k]];
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
                    double s = sigma[k][i];
                    double mu = centre[k][i];
                    double z = normalCdf((dim.high - mu) / s) - normalCdf((dim.low - mu) / s);
                    c -= Math.log(s) + LOG_SQRT_2PI + Math.log(Math.max(z, 1e-300));
                }
            }
            logConst[k] = c;
        }
        scratch = new double[kernels];
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
        TreeParzen.sortIndexes(sorted, observed, (a, b) -> Double.compare(column[a], column[b]));
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
                double s = sigma[k][i];
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
}
