package io.hypergrid.search.ranking;

import java.util.List;

/**
 * The k best configurations of a search by mean accuracy over repeats, and whether its two best can be told apart.
 *
 * @param by validation (default) or test
 * @param bestTwoWithinSpread true when the first two differ by less than their spread: |mean1 - mean2| &lt;
 *                            max(sd1, sd2) (sample standard deviations); null when there are not two configurations
 *                            or either has a single repeat (no spread to compare with)
 */
public record ConfigurationRanking(Long searchId, String by, int repeats, List<TopConfiguration> configurations,
                                   Boolean bestTwoWithinSpread, Double differenceOfBestTwo) {
}
