package io.hypergrid.search.pruning;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;

/**
 * A search's early-stopping rule, chosen by its {@code type}. A rule judges a trial at the end of some epochs from
 * its best validation accuracy so far (successive halving with a trend: its look ahead, see SuccessiveHalving) and
 * those of the search's other trials at the same epoch; never at its last.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = MedianRule.class, name = EarlyStopping.MEDIAN),
        @JsonSubTypes.Type(value = SuccessiveHalving.class, name = EarlyStopping.SUCCESSIVE_HALVING)})
public sealed interface EarlyStopping permits MedianRule, SuccessiveHalving {
    String MEDIAN = "median";
    String SUCCESSIVE_HALVING = "successiveHalving";

    /** Its {@code type} in the API. */
    String type();

    /** Whether a trial of {@code epochs} epochs is judged at the end of {@code epoch}. Never at its last epoch. */
    boolean decidesAt(int epoch, int epochs);

    /**
     * Whether a trial that goes on at {@code epoch} (judged there and not pruned) stops there with a checkpoint, to go
     * on later in one stack with the others that passed it: successive halving's rungs, where a stack's survivors
     * are few (see TrialQueue's claims). Never where {@link #decidesAt} is false.
     */
    default boolean pausesAt(int epoch, int epochs) {
        return false;
    }

    /**
     * The verdict on one trial at {@code epoch}: why it is pruned, or null when it goes on.
     *
     * @param own its score: its best validation accuracy over epochs 1..epoch, or the rule's own score
     * @param reached every trial of the search that has reached the epoch (itself included): its score
     */
    String judge(Long trialId, double own, Map<Long, Double> reached, int epoch);

    /** The rule with its defaults filled in. */
    EarlyStopping withDefaults();
}
