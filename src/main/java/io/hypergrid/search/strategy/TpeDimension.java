package io.hypergrid.search.strategy;

import io.hypergrid.search.parameter.Parameter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;

/** One varying dimension: a range in its own scale, or a list's choices by index. */
final class TpeDimension {
    final Parameter<?> p;
    final boolean categorical;
    final List<Object> choices;
    final boolean log;
    final boolean integer;
    /** Bounds in the model's scale (continuous). */
    final double low;
    final double high;
    /** Bounds of the values themselves. */
    final double valueLow;
    final double valueHigh;

    private TpeDimension(Parameter<?> p, boolean categorical, List<Object> choices, boolean log, boolean integer,
                double low, double high, double valueLow, double valueHigh) {
        this.p = p;
        this.categorical = categorical;
        this.choices = choices;
        this.log = log;
        this.integer = integer;
        this.low = low;
        this.high = high;
        this.valueLow = valueLow;
        this.valueHigh = valueHigh;
    }

    static TpeDimension range(Parameter<?> p, SearchSpace.SampledRange r) {
        return range(p, r, p.kind() == Parameter.Kind.INTEGER);
    }

    private static TpeDimension range(Parameter<?> p, SearchSpace.SampledRange r, boolean integer) {
        double lo = integer ? r.low() - 0.5 : r.low();
        double hi = integer ? r.high() + 0.5 : r.high();
        if (integer && r.high() == r.low()) {
            hi = lo; // one whole number: fixed
        }
        return new TpeDimension(p, false, null, r.log(), integer, r.log() ? Math.log(lo) : lo, r.log() ? Math.log(hi) : hi,
                r.low(), r.high());
    }

    /** A bare range (the benchmark's): values are doubles, whole numbers rounded. */
    static TpeDimension range(double low, double high, boolean log, boolean integer) {
        TpeDimension d = range(null, new SearchSpace.SampledRange(low, high, log), integer);
        return d;
    }

    /** A bare list of {@code size} choices (the benchmark's): values are the indexes. */
    static TpeDimension choices(int size) {
        List<Object> indexes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            indexes.add(i);
        }
        return new TpeDimension(null, true, indexes, false, false, 0, size, 0, 0);
    }

    static TpeDimension choice(Parameter<?> p, List<Object> values) {
        return new TpeDimension(p, true, values, false, false, 0, values.size(), 0, 0);
    }

    int size() {
        return choices.size();
    }

    /** A trial's value in the model's scale (a choice's index), or NaN when it is not in the space. */
    double encode(Object v) {
        if (categorical) {
            int i = choices.indexOf(v);
            return i < 0 ? Double.NaN : i;
        }
        double x = ((Number) v).doubleValue();
        double t = log ? Math.log(Math.max(x, Double.MIN_NORMAL)) : x;
        return Math.max(low, Math.min(high, t));
    }

    /** The parameter's value of a model coordinate: rounded as random search rounds, inside the range. */
    Object value(double t) {
        if (categorical) {
            return choices.get((int) t);
        }
        double x = log ? Math.exp(t) : t;
        if (integer) {
            long k = Math.max((long) valueLow, Math.min((long) valueHigh, Math.round(x)));
            return p == null ? (Object) (double) k : p.type() == Long.class ? (Object) k : (Object) (int) k;
        }
        if (p == null) {
            return Math.max(valueLow, Math.min(valueHigh, x));
        }
        x = new BigDecimal(x).round(new MathContext(6)).doubleValue();
        return Math.max(valueLow, Math.min(valueHigh, x));
    }
}
