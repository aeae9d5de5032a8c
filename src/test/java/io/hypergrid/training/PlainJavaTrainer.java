package io.hypergrid.training;

/**
 * An independent, deliberately naive implementation of design §1 in plain Java doubles, written from the formulas
 * (not from the trainer's fused products): S = W X + b, P, G, dW = G X^T / n + 2 lambda W, db = G 1 / n,
 * W -= eta dW, b -= eta db. Used to check the trainer's arithmetic.
 */
final class PlainJavaTrainer {
    final double[][] w;
    final double[] b;
    private final int classes;

    PlainJavaTrainer(InitialWeights init) {
        classes = init.classes();
        int d = init.dimensions();
        w = new double[classes][d];
        b = new double[classes];
        for (int k = 0; k < classes; k++) {
            System.arraycopy(init.values(), k * d, w[k], 0, d);
        }
        System.arraycopy(init.values(), classes * d, b, 0, classes);
    }

    /** One epoch over {@code x} in the given order, batches of {@code batch}, the last one possibly smaller. */
    void epoch(double[][] x, int[] y, int[] order, int batch, double eta, double lambda, Loss loss) {
        int n = x.length;
        int d = x[0].length;
        for (int start = 0; start < n; start += batch) {
            int m = Math.min(batch, n - start);
            double[][] dw = new double[classes][d];
            double[] db = new double[classes];
            for (int i = 0; i < m; i++) {
                int row = order == null ? start + i : order[start + i];
                double[] p = probabilities(x[row], loss);
                for (int k = 0; k < classes; k++) {
                    double g = p[k] - (k == y[row] ? 1 : 0);
                    if (loss == Loss.BCE) {
                        g /= classes;
                    }
                    for (int j = 0; j < d; j++) {
                        dw[k][j] += g * x[row][j];
                    }
                    db[k] += g;
                }
            }
            for (int k = 0; k < classes; k++) {
                for (int j = 0; j < d; j++) {
                    w[k][j] -= eta * (dw[k][j] / m + 2 * lambda * w[k][j]);
                }
                b[k] -= eta * db[k] / m;
            }
        }
    }

    double[] probabilities(double[] xi, Loss loss) {
        double[] s = new double[classes];
        for (int k = 0; k < classes; k++) {
            s[k] = b[k];
            for (int j = 0; j < xi.length; j++) {
                s[k] += w[k][j] * xi[j];
            }
        }
        double[] p = new double[classes];
        if (loss == Loss.SOFTMAX) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : s) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                p[k] = Math.exp(s[k] - max);
                sum += p[k];
            }
            for (int k = 0; k < classes; k++) {
                p[k] /= sum;
            }
        } else {
            for (int k = 0; k < classes; k++) {
                p[k] = 1 / (1 + Math.exp(-s[k]));
            }
        }
        return p;
    }

    /** Mean loss plus lambda ||W||^2, straight from the definitions. */
    double cost(double[][] x, int[] y, double lambda, Loss loss) {
        double total = 0;
        for (int i = 0; i < x.length; i++) {
            double[] p = probabilities(x[i], loss);
            if (loss == Loss.SOFTMAX) {
                total -= Math.log(p[y[i]]);
            } else {
                double l = 0;
                for (int k = 0; k < classes; k++) {
                    l -= k == y[i] ? Math.log(p[k]) : Math.log(1 - p[k]);
                }
                total += l / classes;
            }
        }
        double reg = 0;
        for (double[] row : w) {
            for (double v : row) {
                reg += v * v;
            }
        }
        return total / x.length + lambda * reg;
    }

    double[] flat() {
        int d = w[0].length;
        double[] v = new double[classes * d + classes];
        for (int k = 0; k < classes; k++) {
            System.arraycopy(w[k], 0, v, k * d, d);
        }
        System.arraycopy(b, 0, v, classes * d, classes);
        return v;
    }
}
