package io.hypergrid.search.submission;

import io.hypergrid.Requests;
import io.hypergrid.search.parameter.TrialParameters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of grid expansion and validation over generated grids (jqwik): every combination of the lists exactly
 * once and nothing else; the size limit holds exactly at the product; an invalid value anywhere is named by its index
 * and nothing is expanded; a range has its count of points, ascending, from min to max inclusive.
 */
class GridExpansionPropertiesTest {

    private static List<TrialParameters> expand(int limit, Map<String, ?> grid) {
        return new SearchPlanner(new SearchLimits(limit, 1000, Integer.MAX_VALUE), Validators.VALIDATOR)
                .plan(Requests.grid("p", "synthetic", grid, Map.of("epochs", 1))).points().stream()
                .map(SearchPlan.Point::parameters).toList();
    }

    @Provide
    Arbitrary<List<Double>> lambdas() {
        return Arbitraries.integers().between(0, 400).map(k -> k * 0.25).list().uniqueElements().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Double>> etas() {
        return Arbitraries.integers().between(1, 1000).map(k -> k / 1000.0).list().uniqueElements().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Integer>> batchSizes() {
        return Arbitraries.integers().between(1, 2000).list().uniqueElements().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 300)
    void everyCombinationExactlyOnce(@ForAll("lambdas") List<Double> lambdas, @ForAll("etas") List<Double> etas,
                                     @ForAll("batchSizes") List<Integer> batchSizes) {
        List<TrialParameters> points = expand(10_000, Map.of("lambda", lambdas, "eta", etas, "batchSize", batchSizes));

        Set<List<Object>> expected = new HashSet<>();
        for (double l : lambdas) {
            for (double e : etas) {
                for (int b : batchSizes) {
                    expected.add(List.of(l, e, b));
                }
            }
        }
        List<List<Object>> actual = points.stream().map(p -> List.<Object>of(p.lambda(), p.eta(), p.batchSize())).toList();
        assertThat(actual).hasSize(lambdas.size() * etas.size() * batchSizes.size()).doesNotHaveDuplicates();
        assertThat(new HashSet<>(actual)).isEqualTo(expected);
        assertThat(points).allSatisfy(p -> {
            assertThat(p.epochs()).isEqualTo(1);
            assertThat(p.dataset()).isEqualTo("synthetic");
        });
    }

    @Property(tries = 300)
    void theSizeLimitHoldsExactlyAtTheProduct(@ForAll("lambdas") List<Double> lambdas, @ForAll("etas") List<Double> etas,
                                              @ForAll @IntRange(min = 1, max = 40) int limit) {
        int size = lambdas.size() * etas.size();
        Map<String, ?> grid = Map.of("lambda", lambdas, "eta", etas);
        if (size <= limit) {
            assertThat(expand(limit, grid)).hasSize(size);
        } else {
            InvalidSearchException e = catchThrowableOfType(InvalidSearchException.class, () -> expand(limit, grid));
            assertThat(e).isNotNull();
            assertThat(e.errors()).anySatisfy(f -> {
                assertThat(f.field()).isEqualTo("grid");
                assertThat(f.reason()).contains("above the limit of " + limit);
            });
        }
    }

    @Property(tries = 300)
    void anInvalidValueIsNamedByItsIndex(@ForAll("etas") List<Double> etas, @ForAll @IntRange(min = 0, max = 6) int at,
                                         @ForAll @IntRange(min = -1_000_000, max = 0) int badMillis) {
        double bad = badMillis / 1000.0;
        List<Object> withBad = new ArrayList<>(etas);
        int index = Math.min(at, withBad.size());
        withBad.add(index, bad);

        InvalidSearchException e = catchThrowableOfType(InvalidSearchException.class,
                () -> expand(10_000, Map.of("eta", withBad, "lambda", List.of(0.0))));

        assertThat(e).isNotNull();
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("grid.eta[" + index + "]");
    }

    @Property(tries = 300)
    void aRangeHasItsCountOfPointsAscendingFromMinToMax(@ForAll @IntRange(min = 1, max = 1_000_000) int micros,
                                                       @ForAll @IntRange(min = 0, max = 99_000) int permille,
                                                       @ForAll @IntRange(min = 1, max = 30) int count,
                                                       @ForAll boolean log) {
        double min = micros * 1e-6;
        double factor = 1 + permille / 1000.0;
        double max = min * factor;
        List<Double> etas = expand(10_000, Map.of("eta", Map.of("min", min, "max", max, "count", count,
                "scale", log ? "log" : "linear"))).stream().map(TrialParameters::eta).toList();

        assertThat(etas).isSorted().doesNotHaveDuplicates().allSatisfy(v -> assertThat(v).isBetween(min, max));
        assertThat(etas.get(0)).isEqualTo(min);
        if (count > 1 && max > min) {
            assertThat(etas.get(etas.size() - 1)).isEqualTo(max);
        }
        // only coinciding points (a range narrower than 12 significant digits) may merge; 6 digits unless that would merge some
        assertThat(etas.size()).isLessThanOrEqualTo(count);
        if (factor > 1.001) {
            assertThat(etas).hasSize(count);
        }
    }

    @Property(tries = 200)
    void aRangeMaxBelowMinIsRefused(@ForAll @IntRange(min = 0, max = 10_000) int maxMillis,
                                    @ForAll @IntRange(min = 1, max = 10_000) int gapMillis) {
        double max = maxMillis / 1000.0;
        double gap = gapMillis / 1000.0;
        assertThatThrownBy(() -> expand(10_000, Map.of("lambda", Map.of("min", max + gap, "max", max, "count", 3))))
                .isInstanceOfSatisfying(InvalidSearchException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("grid.lambda.max"));
    }
}
