package io.hypergrid.search.strategy;

import io.hypergrid.search.parameter.Parameter;
import io.hypergrid.search.parameter.Parameters;
import io.hypergrid.search.parameter.TrialParameters;
import io.hypergrid.search.pruning.EarlyStopping;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;

/**
 * {@code tpe}: {@code trials} points proposed by a multivariate Tree-structured Parzen Estimator over the trials so
 * far ({@link TreeParzen}), the first {@code startupTrials} drawn at random. Ranges are sampled (linear, log,
 * whole numbers), lists are categorical choices. Every point is proposed at claim time, under the search's row lock.
 * The record only holds the settings; a setting left out takes its default (README, "Tree-structured Parzen
 * Estimator").
 *
 * @param startupTrials configurations drawn at random before the estimator is used (default 10)
 * @param gamma the fraction of the configurations so far that count as good (default 0.1, at most 25 of them)
 * @param candidates points drawn from the good density per proposal, the best ratio kept (default 24)
 * @param priorWeight the weight of the prior kernel (a wide one at the middle of each range, uniform over a list)
 *                    against 1 per observed configuration (default 1.0; 0 leaves it out)
 * @param minBandwidth the lower bound of a kernel's bandwidth as a fraction of its range (default 0.01)
 * @param bandwidth {@code neighbours} (default): each kernel's bandwidth from the gaps to its neighbours;
 *                  {@code scott}: one bandwidth per dimension by Scott's rule
 * @param constantLiar whether running trials and the proposals made together count among the bad ones (default true)
 * @param proposalsPerClaim how many points the estimator proposes at once for a worker's claim (default 4): they share
 *                          the first one's stack key (batch size, ...), so they train as one stack
 */
public record TpeStrategy(
        @NotNull(message = "required: a number") Integer trials,
        @PositiveOrZero(message = "must be a whole number from 0 to " + Long.MAX_VALUE) Long seed,
        Integer startupTrials,
        @DecimalMin(value = "0", inclusive = false, message = "must be a number above 0 and at most 1")
        @DecimalMax(value = "1", message = "must be a number above 0 and at most 1") Double gamma,
        Integer candidates,
        @DecimalMin(value = "0", message = "must be a number from 0 to 100")
        @DecimalMax(value = "100", message = "must be a number from 0 to 100") Double priorWeight,
        @DecimalMin(value = "0", inclusive = false, message = "must be a number above 0 and at most 1")
        @DecimalMax(value = "1", message = "must be a number above 0 and at most 1") Double minBandwidth,
        @Pattern(regexp = "neighbours|scott", message = "must be \"neighbours\" or \"scott\"") String bandwidth,
        Boolean constantLiar,
        Integer proposalsPerClaim,
        @Valid EarlyStopping earlyStopping) implements Strategy {

    public static final int DEFAULT_STARTUP_TRIALS = 10;
    public static final double DEFAULT_GAMMA = 0.1;
    /** Optuna's cap: at most 25 configurations count as good, however many there are. */
    public static final int MAX_GOOD = 25;
    public static final int DEFAULT_CANDIDATES = 24;
    public static final int MAX_CANDIDATES = 1000;
    public static final double DEFAULT_PRIOR_WEIGHT = 1.0;
    public static final double DEFAULT_MIN_BANDWIDTH = 0.01;
    public static final int DEFAULT_PROPOSALS_PER_CLAIM = 4;
    public static final int MAX_PROPOSALS_PER_CLAIM = 1000;

    @Override
    public String type() {
        return TPE;
    }

    @Override
    public Long sampleSeed() {
        return seed == null ? 0L : seed;
    }

    @Override
    public long configurations(SearchSpace space) {
        return trials == null ? 0 : trials;
    }

    int startupTrialsOrDefault() {
        return startupTrials == null ? DEFAULT_STARTUP_TRIALS : startupTrials;
    }

    double gammaOrDefault() {
        return gamma == null ? DEFAULT_GAMMA : gamma;
    }

    int candidatesOrDefault() {
        return candidates == null ? DEFAULT_CANDIDATES : candidates;
    }

    double priorWeightOrDefault() {
        return priorWeight == null ? DEFAULT_PRIOR_WEIGHT : priorWeight;
    }

    double minBandwidthOrDefault() {
        return minBandwidth == null ? DEFAULT_MIN_BANDWIDTH : minBandwidth;
    }

    boolean neighbourBandwidth() {
        return bandwidth == null || bandwidth.equals("neighbours");
    }

    int proposalsPerClaimOrDefault() {
        return proposalsPerClaim == null ? DEFAULT_PROPOSALS_PER_CLAIM : proposalsPerClaim;
    }

    boolean constantLiarOrDefault() {
        return constantLiar == null || constantLiar;
    }

    /**
     * Nothing at submit: every point is proposed at claim time. Refuses a space of lists only that holds fewer
     * distinct points than {@code trials}.
     */
    @Override
    public List<TrialParameters> initialPoints(SearchSpace space) {
        long points = 1;
        for (Parameter<?> p : Parameters.DIMENSIONS) {
            if (space.range(p) != null) {
                SearchSpace.SampledRange r = space.range(p);
                if (p.kind() != Parameter.Kind.INTEGER && r.high() > r.low()) {
                    return List.of(); // a real range: as many points as asked for
                }
                long whole = p.kind() == Parameter.Kind.INTEGER ? (long) r.high() - (long) r.low() + 1 : 1;
                points = points > Long.MAX_VALUE / whole ? Long.MAX_VALUE : points * whole;
            } else {
                int n = space.values(p).size();
                points = points > Long.MAX_VALUE / n ? Long.MAX_VALUE : points * n;
            }
        }
        if (trials != null && points < trials) {
            throw new IllegalArgumentException(trials + " distinct points asked for, but the space holds only " + points);
        }
        return List.of();
    }

    /**
     * Up to {@code count} configurations, at most {@code proposalsPerClaim} once the startup draws are done (README:
     * they are proposed one by one, each a liar, sharing the first one's stack key).
     */
    @Override
    public List<TrialParameters> nextPoints(SearchSpace space, List<PastTrial> history, int count) {
        return new TreeParzen(this, space).propose(history, count);
    }
}
