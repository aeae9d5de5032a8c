package io.hypergrid.search.importance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Which parameters mattered, as Optuna's default importance evaluator reports it: functional ANOVA (Hutter, Hoos and
 * Leyton-Brown 2014) over a random-forest surrogate. The forest (64 regression trees, bootstrap samples, every
 * feature tried at every split, leaves of one sample, depth at most 64, a fixed seed) is fitted to the finished
 * configurations; each tree is a partition of the space into boxes, so its variance and the variance of each
 * parameter's marginal (the tree averaged over the other parameters, uniformly over the space) are exact sums over
 * its leaves. A parameter's fraction is the variance of its marginal over the tree's variance, averaged over the
 * trees. For a full grid, {@link #gridFractions} decomposes the grid's table exactly instead.
 */
final class Fanova {
    static final int TREES = 64;
    private static final int MAX_DEPTH = 64;

    private Fanova() {
    }

    /**
     * The first-order variance fractions of each feature.
     *
     * @param x the configurations, one row each, in the model's scale (a list's choice as its index)
     * @param y their values
     * @param low the lower end of each feature's domain (a list's: -0.5)
     * @param high the upper end (a list of K: K - 0.5)
     */
    static double[] forestFractions(double[][] x, double[] y, double[] low, double[] high, long seed) {
        int d = low.length;
        double[] sum = new double[d];
        int counted = 0;
        Random random = new Random(seed);
        for (int t = 0; t < TREES; t++) {
            int[] sample = new int[x.length];
            for (int i = 0; i < sample.length; i++) {
                sample[i] = random.nextInt(x.length);
            }
            Tree tree = new Tree(x, y, d);
            tree.grow(sample, 0);
            double[] fractions = tree.fractions(low, high);
            if (fractions != null) {
                for (int j = 0; j < d; j++) {
                    sum[j] += fractions[j];
                }
                counted++;
            }
        }
        if (counted > 0) {
            for (int j = 0; j < d; j++) {
                sum[j] /= counted;
            }
        }
        return sum;
    }

    /**
     * The exact first-order variance fractions of a full grid's table: each row a point of the grid (every
     * combination of the levels once), {@code level[row][j]} the index of its value of feature j.
     */
    static double[] gridFractions(int[][] level, double[] y, int[] levels) {
        int n = y.length;
        int d = levels.length;
        double mean = Arrays.stream(y).average().orElse(0);
        double total = 0;
        for (double v : y) {
            total += (v - mean) * (v - mean);
        }
        total /= n;
        double[] out = new double[d];
        if (total <= 0) {
            return out;
        }
        for (int j = 0; j < d; j++) {
            double[] s = new double[levels[j]];
            int[] c = new int[levels[j]];
            for (int r = 0; r < n; r++) {
                s[level[r][j]] += y[r];
                c[level[r][j]]++;
            }
            double v = 0;
            for (int k = 0; k < levels[j]; k++) {
                double m = s[k] / c[k] - mean;
                v += m * m;
            }
            out[j] = v / levels[j] / total;
        }
        return out;
    }

    /** One regression tree, in flat arrays. */
    private static final class Tree {
        final double[][] x;
        final double[] y;
        final int d;
        final List<int[]> nodes = new ArrayList<>(); // feature (-1 for a leaf), left, right
        final List<double[]> values = new ArrayList<>(); // threshold or leaf value

        Tree(double[][] x, double[] y, int d) {
            this.x = x;
            this.y = y;
            this.d = d;
        }

        /** Grows the node of these samples; returns its index. */
        int grow(int[] sample, int depth) {
            int node = nodes.size();
            nodes.add(null);
            values.add(null);
            double mean = 0;
            for (int i : sample) {
                mean += y[i];
            }
            mean /= sample.length;
            int bestFeature = -1;
            double bestThreshold = 0;
            double bestScore = Double.POSITIVE_INFINITY;
            if (sample.length >= 2 && depth < MAX_DEPTH) {
                double parent = 0;
                for (int i : sample) {
                    parent += (y[i] - mean) * (y[i] - mean);
                }
                Integer[] sorted = new Integer[sample.length];
                for (int f = 0; f < d && parent > 1e-300; f++) {
                    for (int i = 0; i < sample.length; i++) {
                        sorted[i] = sample[i];
                    }
                    final int feature = f;
                    Arrays.sort(sorted, (a, b) -> Double.compare(x[a][feature], x[b][feature]));
                    double leftSum = 0;
                    double leftSq = 0;
                    double totalSum = 0;
                    double totalSq = 0;
                    for (int i : sample) {
                        totalSum += y[i];
                        totalSq += y[i] * y[i];
                    }
                    for (int i = 0; i < sorted.length - 1; i++) {
                        double v = y[sorted[i]];
                        leftSum += v;
                        leftSq += v * v;
                        double here = x[sorted[i]][f];
                        double next = x[sorted[i + 1]][f];
                        if (next <= here) {
                            continue; // no threshold between equal values
                        }
                        int nl = i + 1;
                        int nr = sorted.length - nl;
                        double rightSum = totalSum - leftSum;
                        double sse = leftSq - leftSum * leftSum / nl + (totalSq - leftSq) - rightSum * rightSum / nr;
                        if (sse < bestScore - 1e-12) {
                            bestScore = sse;
                            bestFeature = f;
                            bestThreshold = 0.5 * (here + next);
                        }
                    }
                }
            }
            if (bestFeature < 0) {
                nodes.set(node, new int[] {-1, -1, -1});
                values.set(node, new double[] {mean});
                return node;
            }
            int nl = 0;
            for (int i : sample) {
                if (x[i][bestFeature] <= bestThreshold) {
                    nl++;
                }
            }
            int[] left = new int[nl];
            int[] right = new int[sample.length - nl];
            int l = 0;
            int r = 0;
            for (int i : sample) {
                if (x[i][bestFeature] <= bestThreshold) {
                    left[l++] = i;
                } else {
                    right[r++] = i;
                }
            }
            int leftNode = grow(left, depth + 1);
            int rightNode = grow(right, depth + 1);
            nodes.set(node, new int[] {bestFeature, leftNode, rightNode});
            values.set(node, new double[] {bestThreshold});
            return node;
        }

        /** Each feature's marginal variance over the tree's variance, or null for a constant tree. */
        double[] fractions(double[] low, double[] high) {
            List<double[]> boxLow = new ArrayList<>();
            List<double[]> boxHigh = new ArrayList<>();
            List<Double> leafValue = new ArrayList<>();
            leaves(0, low.clone(), high.clone(), boxLow, boxHigh, leafValue);
            int leaves = leafValue.size();
            double[] volume = new double[leaves];
            double mean = 0;
            for (int k = 0; k < leaves; k++) {
                double v = 1;
                for (int j = 0; j < d; j++) {
                    v *= (boxHigh.get(k)[j] - boxLow.get(k)[j]) / (high[j] - low[j]);
                }
                volume[k] = v;
                mean += v * leafValue.get(k);
            }
            double total = 0;
            for (int k = 0; k < leaves; k++) {
                double e = leafValue.get(k) - mean;
                total += volume[k] * e * e;
            }
            if (total <= 1e-300) {
                return null;
            }
            double[] out = new double[d];
            for (int j = 0; j < d; j++) {
                // the cut points of feature j split its domain into intervals where the marginal is constant
                double[] cuts = new double[2 * leaves];
                for (int k = 0; k < leaves; k++) {
                    cuts[2 * k] = boxLow.get(k)[j];
                    cuts[2 * k + 1] = boxHigh.get(k)[j];
                }
                cuts = Arrays.stream(cuts).sorted().distinct().toArray();
                double[] marginal = new double[cuts.length];
                for (int k = 0; k < leaves; k++) {
                    double width = (boxHigh.get(k)[j] - boxLow.get(k)[j]) / (high[j] - low[j]);
                    double others = volume[k] / width; // the leaf's share of the other features' space
                    int from = Arrays.binarySearch(cuts, boxLow.get(k)[j]);
                    int to = Arrays.binarySearch(cuts, boxHigh.get(k)[j]);
                    marginal[from] += others * leafValue.get(k);
                    marginal[to] -= others * leafValue.get(k);
                }
                double running = 0;
                double variance = 0;
                for (int i = 0; i < cuts.length - 1; i++) {
                    running += marginal[i];
                    double e = running - mean;
                    variance += (cuts[i + 1] - cuts[i]) / (high[j] - low[j]) * e * e;
                }
                out[j] = variance / total;
            }
            return out;
        }

        private void leaves(int node, double[] lo, double[] hi, List<double[]> boxLow, List<double[]> boxHigh,
                            List<Double> leafValue) {
            int[] n = nodes.get(node);
            if (n[0] < 0) {
                boxLow.add(lo);
                boxHigh.add(hi);
                leafValue.add(values.get(node)[0]);
                return;
            }
            double threshold = values.get(node)[0];
            int f = n[0];
            double[] leftHi = hi.clone();
            leftHi[f] = Math.max(lo[f], Math.min(hi[f], threshold));
            double[] rightLo = lo.clone();
            rightLo[f] = Math.max(lo[f], Math.min(hi[f], threshold));
            if (leftHi[f] > lo[f]) {
                leaves(n[1], lo.clone(), leftHi, boxLow, boxHigh, leafValue);
            }
            if (hi[f] > rightLo[f]) {
                leaves(n[2], rightLo, hi.clone(), boxLow, boxHigh, leafValue);
            }
        }
    }
}
