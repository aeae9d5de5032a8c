package io.hypergrid.search.strategy;

import io.hypergrid.search.parameter.Parameter;
import io.hypergrid.search.parameter.Parameters;
import io.hypergrid.search.parameter.TrialParameters;
import io.hypergrid.search.pruning.EarlyStopping;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * {@code random}: {@code trials} distinct points drawn with {@code seed}, each dimension in the table's expansion
 * order a uniform choice of its list or a uniform (log-uniform) value of its range.
 */
public record RandomStrategy(
        @NotNull(message = "required: a number") Integer trials,
        @PositiveOrZero(message = "must be a whole number from 0 to " + Long.MAX_VALUE) Long seed,
        @Valid EarlyStopping earlyStopping) implements Strategy {

    @Override
    public String type() {
        return RANDOM;
    }

    @Override
    public Long sampleSeed() {
        return seed == null ? 0L : seed;
    }

    @Override
    public long configurations(SearchSpace space) {
        return trials == null ? 0 : trials;
    }

    /**
     * Draws the points with {@link Random} (its algorithm is fixed by the Java specification: the same seed gives
     * the same points on every JVM), giving up after 100 draws per point asked for.
     */
    @Override
    public List<TrialParameters> initialPoints(SearchSpace space) {
        List<TrialParameters> points = draw(space, trials);
        if (points.size() < trials) {
            throw new IllegalArgumentException(trials + " distinct points asked for, but the space holds only "
                    + points.size());
        }
        return points;
    }

    /**
     * The same sequence, proposed later: the points after those the search has (a prefix of the sequence is the
     * same whatever the number drawn), so proposing at claim time gives the points, order and seeds of submit.
     */
    @Override
    public List<TrialParameters> nextPoints(SearchSpace space, List<PastTrial> history, int count) {
        int proposed = (int) history.stream().mapToInt(PastTrial::configIndex).distinct().count();
        List<TrialParameters> points = draw(space, Math.min(trials, proposed + count));
        return points.size() <= proposed ? List.of() : points.subList(proposed, points.size());
    }

    /** The first {@code n} distinct points of the seed's sequence (fewer if the space holds fewer). */
    private List<TrialParameters> draw(SearchSpace space, int n) {
        Random random = new Random(sampleSeed());
        Set<TrialParameters> seen = new LinkedHashSet<>();
        long draws = 0;
        while (seen.size() < n && draws++ < 100L * n) {
            Map<Parameter<?>, Object> point = new HashMap<>();
            point.put(Parameters.DATASET, space.dataset());
            for (Parameter<?> p : Parameters.DIMENSIONS) {
                SearchSpace.SampledRange r = space.range(p);
                point.put(p, r != null ? draw(p, r, random) : pick(space.values(p), random));
            }
            seen.add(TrialParameters.of(point));
        }
        return new ArrayList<>(seen);
    }

    private static Object pick(List<Object> choices, Random random) {
        return choices.size() == 1 ? choices.get(0) : choices.get(random.nextInt(choices.size()));
    }

    static Object draw(Parameter<?> p, SearchSpace.SampledRange r, Random random) {
        double low = r.low();
        double high = r.high();
        double u = random.nextDouble();
        if (p.kind() == Parameter.Kind.INTEGER) {
            // whole numbers: uniform over low..high, or log-uniform over [low, high + 1) and rounded down
            double x = r.log() ? Math.exp(Math.log(low) + u * (Math.log(high + 1) - Math.log(low))) : low + u * (high - low + 1);
            long k = Math.max((long) low, Math.min((long) high, (long) Math.floor(x)));
            return p.type() == Long.class ? (Object) k : (Object) (int) k;
        }
        double x = r.log() ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
        // 6 significant digits: readable parameters; clamped so rounding cannot leave the range
        x = new BigDecimal(x).round(new MathContext(6)).doubleValue();
        return Math.max(low, Math.min(high, x));
    }
}
