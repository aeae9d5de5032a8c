package io.hypergrid.search.strategy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.hypergrid.search.parameter.TrialParameters;
import io.hypergrid.search.pruning.EarlyStopping;
import java.util.List;

/**
 * How a search chooses its points, selected by {@code type}: the proposal seam (design §8). A strategy turns the
 * search space and the trials so far into the next points. Grid and random know all their points at submit
 * ({@link #initialPoints}); a strategy that learns proposes later ({@link #nextPoints}), which the queue asks for
 * when a worker looks for work and the search has no pending trial but fewer trials than it asked for, under the
 * search's row lock. A new strategy is a record here and its algorithm: the queue, the API and the dashboard do
 * not change. A strategy given without a {@code type} is a grid ({@link MissingTypeIsGrid}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = GridStrategy.class, name = Strategy.GRID),
        @JsonSubTypes.Type(value = RandomStrategy.class, name = Strategy.RANDOM),
        @JsonSubTypes.Type(value = TpeStrategy.class, name = Strategy.TPE)})
public sealed interface Strategy permits GridStrategy, RandomStrategy, TpeStrategy {
    String GRID = "grid";
    String RANDOM = "random";
    String TPE = "tpe";

    /** Its {@code type} in the API. */
    String type();

    /** The early-stopping rule the search runs with, or null. */
    EarlyStopping earlyStopping();

    /** How many configurations the search asks for in this space (repeats aside); may be huge before limits apply. */
    long configurations(SearchSpace space);

    /**
     * The configurations stored at submit, in {@code configIndex} order.
     *
     * @throws IllegalArgumentException when the space cannot give them (fewer distinct points than asked for)
     */
    List<TrialParameters> initialPoints(SearchSpace space);

    /**
     * Up to {@code count} more configurations, from the trials so far (each configuration once, with its repeats).
     * Called under the search's row lock, so never concurrently for one search, and only while the search has no
     * pending trial. Returning no point ends the search's proposals: a strategy that has nothing more to offer says
     * so by returning none. Grid and random have proposed everything at submit (and give the same points if asked); TPE proposes everything here.
     */
    default List<TrialParameters> nextPoints(SearchSpace space, List<PastTrial> history, int count) {
        return List.of();
    }

    /** The seed its proposals are drawn with, or null for a strategy that draws nothing. */
    Long sampleSeed();
}
