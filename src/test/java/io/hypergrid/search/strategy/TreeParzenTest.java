package io.hypergrid.search.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hypergrid.search.parameter.TrialParameters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The Tree-structured Parzen Estimator behind {@code "type": "tpe"}: reproducible, distinct points, learning on a
 * synthetic objective, the constant liar, pruned and failed trials in the history. Nothing here is timed (the
 * proposal time is measured by {@code TpeProposalBenchmark}).
 */
class TreeParzenTest {
    /** eta log-scaled, lambda linear, batch size a list: like the assignment's space. */
    static final SearchSpace SPACE = space(Map.of("batchSize", List.of(10, 50, 100, 1000), "epochs", List.of(2)),
            Map.of("eta", new SearchSpace.SampledRange(1e-4, 0.1, true),
                    "lambda", new SearchSpace.SampledRange(0, 1, false)));

    /** A space as the planner builds it: every other dimension at its default. */
    static SearchSpace space(Map<String, List<Object>> values, Map<String, SearchSpace.SampledRange> ranges) {
        Map<String, List<Object>> all = new java.util.HashMap<>(values);
        for (io.hypergrid.search.parameter.Parameter<?> p : io.hypergrid.search.parameter.Parameters.DIMENSIONS) {
            if (!all.containsKey(p.name()) && !ranges.containsKey(p.name())) {
                all.put(p.name(), List.of(p.defaultValue()));
            }
        }
        return new SearchSpace("synthetic", all, ranges);
    }

    /** Best at eta = 0.01, lambda = 0.1, batch size 100; at most 1. */
    static double objective(TrialParameters p) {
        double e = Math.log10(p.eta()) + 2;
        double l = p.lambda() - 0.1;
        return 1 - e * e / 4 - l * l - (p.batchSize() == 100 ? 0 : 0.2);
    }

    static TpeStrategy tpe(long seed, Boolean liar) {
        return tpe(seed, liar, null);
    }

    static TpeStrategy tpe(long seed, Boolean liar, Integer proposalsPerClaim) {
        return new TpeStrategy(100, seed, null, null, null, null, null, null, liar, proposalsPerClaim, null);
    }

    /** One worker: ask for one point, train it, tell its value; {@code trials} times. */
    static List<TrialParameters> run(Strategy s, int trials, ToDoubleFunction<TrialParameters> f) {
        List<PastTrial> history = new ArrayList<>();
        List<TrialParameters> points = new ArrayList<>();
        while (points.size() < trials) {
            List<TrialParameters> next = s.nextPoints(SPACE, history, 1);
            assertThat(next).hasSize(1);
            TrialParameters p = next.get(0);
            points.add(p);
            history.add(new PastTrial(history.size(), p, "SUCCEEDED", 2, f.applyAsDouble(p)));
        }
        return points;
    }

    @Test
    void theSameSeedGivesTheSamePointsAndAnotherSeedOthers() {
        List<TrialParameters> a = run(tpe(5, null), 30, TreeParzenTest::objective);
        List<TrialParameters> b = run(tpe(5, null), 30, TreeParzenTest::objective);
        List<TrialParameters> c = run(tpe(6, null), 30, TreeParzenTest::objective);

        assertThat(a).isEqualTo(b).doesNotHaveDuplicates();
        assertThat(c).isNotEqualTo(a);
        assertThat(a).allSatisfy(p -> {
            assertThat(p.eta()).isBetween(1e-4, 0.1);
            assertThat(p.lambda()).isBetween(0.0, 1.0);
            assertThat(p.batchSize()).isIn(10, 50, 100, 1000);
            assertThat(p.epochs()).isEqualTo(2);
        });
    }

    @Test
    void itLearnsWhereRandomSearchOnlyGuesses() {
        double tpe = 0;
        double random = 0;
        for (long seed = 0; seed < 8; seed++) {
            tpe += 1 - run(tpe(seed, null), 60, TreeParzenTest::objective).stream()
                    .mapToDouble(TreeParzenTest::objective).max().orElseThrow();
            random += 1 - run(new RandomStrategy(60, seed, null), 60, TreeParzenTest::objective).stream()
                    .mapToDouble(TreeParzenTest::objective).max().orElseThrow();
        }
        // summed regret after 60 trials (the best is 1)
        assertThat(tpe).isLessThan(random / 2);
    }

    @Test
    void theStartupTrialsAreRandomThenTheEstimatorConcentrates() {
        List<TrialParameters> points = run(tpe(3, null), 60, TreeParzenTest::objective);
        long nearFirst = points.subList(0, 10).stream().filter(p -> p.batchSize() == 100).count();
        long nearLast = points.subList(40, 60).stream().filter(p -> p.batchSize() == 100).count();
        assertThat(nearLast).as("the best batch size among the last 20").isGreaterThanOrEqualTo(14);
        assertThat(nearFirst).isLessThan(10);
    }

    @Test
    void pointsProposedTogetherSpreadOutWithTheConstantLiar() {
        double withLiar = 0;
        double without = 0;
        for (long seed = 0; seed < 10; seed++) {
            List<PastTrial> history = history(seed, 30);
            withLiar += spread(tpe(seed, true, 8).nextPoints(SPACE, history, 8));
            without += spread(tpe(seed, false, 8).nextPoints(SPACE, history, 8));
        }
        assertThat(withLiar).isGreaterThan(without * 1.2);
    }

    @Test
    void runningTrialsAreLiarsSoTheNextPointLooksElsewhere() {
        List<PastTrial> history = new ArrayList<>(history(1, 30));
        TrialParameters alone = tpe(1, true).nextPoints(SPACE, history, 1).get(0);
        // the same proposal, now with 10 running trials where it went: the next one goes elsewhere
        for (int i = 0; i < 10; i++) {
            history.add(new PastTrial(history.size(), alone.with(io.hypergrid.search.parameter.Parameters.SEED,
                    (long) i + 1), "RUNNING", 0, null));
        }
        TrialParameters next = tpe(1, true).nextPoints(SPACE, history, 1).get(0);
        assertThat(distance(next, alone)).isGreaterThan(0.05);
    }

    @Test
    void prunedTrialsRankBelowEveryFinishedOneWhateverTheirValue() {
        // succeeded trials at small eta with 0.3; pruned ones (after 1 epoch) at large eta with 0.9
        List<PastTrial> history = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double eta = i % 2 == 0 ? 1e-4 * (1 + i * 0.1) : 0.05 + i * 0.001;
            TrialParameters p = TrialParameters.defaults("synthetic")
                    .with(io.hypergrid.search.parameter.Parameters.ETA, eta)
                    .with(io.hypergrid.search.parameter.Parameters.LAMBDA, 0.5)
                    .with(io.hypergrid.search.parameter.Parameters.BATCH_SIZE, 100)
                    .with(io.hypergrid.search.parameter.Parameters.EPOCHS, 2);
            history.add(i % 2 == 0 ? new PastTrial(i, p, "SUCCEEDED", 2, 0.3 + i * 0.001)
                    : new PastTrial(i, p, "PRUNED", 1, 0.9));
        }
        List<TrialParameters> next = tpe(2, true, 10).nextPoints(SPACE, history, 10);
        assertThat(next.stream().filter(p -> p.eta() < Math.sqrt(1e-4 * 0.1)).count())
                .as("proposals on the succeeded side: " + next).isGreaterThanOrEqualTo(8);
    }

    @Test
    void failedTrialsOnlyAndNoValuesYetStillGivePoints() {
        List<PastTrial> history = new ArrayList<>();
        for (TrialParameters p : run(new RandomStrategy(15, 9L, null), 15, t -> 0)) {
            history.add(new PastTrial(history.size(), p, "FAILED", 1, null));
        }
        List<TrialParameters> next = tpe(4, true, 5).nextPoints(SPACE, history, 5);
        assertThat(next).hasSize(5).doesNotHaveDuplicates()
                .noneMatch(p -> history.stream().anyMatch(t -> t.parameters().equals(p)));
    }

    @Test
    void aSpaceOfListsIsProposedOnceEachThenNothing() {
        SearchSpace lists = space(Map.of("batchSize", List.of(10, 100), "lambda", List.of(0.0, 0.1),
                "epochs", List.of(2)), Map.of());
        TpeStrategy s = new TpeStrategy(4, 1L, 1, null, null, null, null, null, null, null, null);
        List<PastTrial> history = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TrialParameters p = s.nextPoints(lists, history, 1).get(0);
            history.add(new PastTrial(i, p, "SUCCEEDED", 2, 0.1 * i));
        }
        assertThat(new HashSet<>(history.stream().map(PastTrial::parameters).toList())).hasSize(4);
        assertThat(s.nextPoints(lists, history, 1)).isEmpty();
    }

    @Test
    void theStartupDrawsComeAtOnceThenProposalsPerClaimSharingTheBatchSize() {
        TpeStrategy defaults = tpe(4, null);
        assertThat(defaults.nextPoints(SPACE, List.of(), 16)).as("the 10 startup draws, all at once").hasSize(10);
        List<PastTrial> history = history(4, 20);
        for (int perClaim : new int[] {4, 8}) {
            TpeStrategy s = new TpeStrategy(100, 4L, null, null, null, null, null, null, null, perClaim, null);
            List<TrialParameters> claim = s.nextPoints(SPACE, history, 16);
            assertThat(claim).hasSize(perClaim).doesNotHaveDuplicates();
            assertThat(claim.stream().map(TrialParameters::batchSize).distinct()).as("one stack key").hasSize(1);
            assertThat(claim.stream().map(TrialParameters::eta).distinct()).as("spread by the liar").hasSize(perClaim);
        }
        assertThat(defaults.nextPoints(SPACE, history, 2)).as("never more than the queue asks for").hasSize(2);
    }

    @Test
    void indexesAreSortedStablyByTheirKeys() {
        java.util.Random random = new java.util.Random(3);
        for (int n : new int[] {0, 1, 2, 31, 32, 33, 100, 1000, 1037}) {
            int[] key = new int[n];
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                key[i] = random.nextInt(20); // many ties
                order[i] = i;
            }
            TreeParzen.sortIndexes(order, n, (a, b) -> Integer.compare(key[a], key[b]));
            Integer[] expected = new Integer[n];
            for (int i = 0; i < n; i++) {
                expected[i] = i;
            }
            java.util.Arrays.sort(expected, java.util.Comparator.comparingInt(i -> key[i])); // stable: the reference
            assertThat(order).as("n = %d", n).containsExactly(java.util.Arrays.stream(expected).mapToInt(i -> i).toArray());
        }
    }

    @Test
    void theNormalDistributionFunctionIsAccurate() {
        assertThat(ParzenMixture.normalCdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(ParzenMixture.normalCdf(1)).isCloseTo(0.8413447461, within(1e-7));
        assertThat(ParzenMixture.normalCdf(-1.96)).isCloseTo(0.0249978952, within(1e-7));
        assertThat(ParzenMixture.normalCdf(3)).isCloseTo(0.9986501020, within(1e-7));
    }

    /** {@code n} random configurations, finished with the objective's value. */
    static List<PastTrial> history(long seed, int n) {
        List<PastTrial> history = new ArrayList<>();
        for (TrialParameters p : new RandomStrategy(n, seed + 100, null).initialPoints(SPACE)) {
            history.add(new PastTrial(history.size(), p, "SUCCEEDED", 2, objective(p)));
        }
        return history;
    }

    /** Mean pairwise distance in the unit square of (log eta, lambda). */
    private static double spread(List<TrialParameters> points) {
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < points.size(); i++) {
            for (int j = i + 1; j < points.size(); j++) {
                sum += distance(points.get(i), points.get(j));
                pairs++;
            }
        }
        return sum / pairs;
    }

    private static double distance(TrialParameters a, TrialParameters b) {
        double e = (Math.log10(a.eta()) - Math.log10(b.eta())) / 3;
        double l = a.lambda() - b.lambda();
        return Math.sqrt(e * e + l * l) + (a.batchSize() == b.batchSize() ? 0 : 1);
    }
}
