package io.hypergrid.search.submission;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.Requests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every request in examples/ binds to the typed request and plans to the trials the README says it has. */
class ExamplesTest {
    private static final SearchPlanner PLANNER = new SearchPlanner(new SearchLimits(10_000, 1000, 100_000),
            Validators.VALIDATOR);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "assignment-grid.json, 64, grid, ",
            "assignment-grid-halving.json, 64, grid, successiveHalving",
            "assignment-repeats.json, 72, grid, ",
            "init-std-grid.json, 8, grid, ",
            "synthetic-grid.json, 9, grid, "})
    void plansToItsTrials(String file, int trials, String strategy, String earlyStopping) throws IOException {
        SearchPlan plan = PLANNER.plan(Requests.json(Files.readString(Path.of("examples", file))));

        assertThat(plan.points()).hasSize(trials);
        assertThat(plan.trialCount()).isEqualTo(trials);
        assertThat(plan.strategy().type()).isEqualTo(strategy);
        assertThat(plan.earlyStopping() == null ? null : plan.earlyStopping().type()).isEqualTo(earlyStopping);
    }

    @org.junit.jupiter.api.Test
    void everyFileOfTheFolderHasItsCaseAbove() throws IOException {
        try (java.util.stream.Stream<Path> files = Files.list(Path.of("examples"))) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly("assignment-grid-halving.json",
                    "assignment-grid.json", "assignment-repeats.json", "init-std-grid.json", "synthetic-grid.json");
        }
    }
}
