package io.hypergrid.search;

import io.hypergrid.Requests;
import io.hypergrid.search.ranking.ConfigurationRanking;
import io.hypergrid.search.ranking.TopConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** Repeats: every configuration stored R times with seeds seed..seed+R-1, ranked by mean with sd and R. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.datasource.url=jdbc:h2:mem:repeats;DB_CLOSE_DELAY=-1",
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.execution.enabled=false"})
class RepeatsTest {
    @Autowired
    SearchService searches;
    @Autowired
    JdbcTemplate db;

    private long submit(List<Object> lambdas, int repeats) {
        return searches.submit(Requests.from(Map.of("name", "repeats", "dataset", "synthetic",
                "grid", Map.of("lambda", lambdas), "fixed", Map.of("epochs", 2, "seed", 10), "repeats", repeats))).id();
    }

    /** Results written directly: the accuracies of each (configuration, repeat) are chosen, so the answer is known. */
    private void result(long id, int config, int repeat, double validation, double test) {
        assertThat(db.update("update trial set state = 'SUCCEEDED', validation_accuracy = ?, test_accuracy = ?"
                + " where search_id = ? and config_index = ? and repeat_index = ?", validation, test, id, config, repeat))
                .isEqualTo(1);
    }

    @Test
    void everyConfigurationIsStoredOncePerRepeatWithItsOwnSeed() {
        long id = submit(List.of(0, 0.1), 3);

        assertThat(db.queryForList("select config_index || ':' || repeat_index || ':' || seed from trial"
                + " where search_id = ? order by grid_index", String.class, id))
                .containsExactly("0:0:10", "0:1:11", "0:2:12", "1:0:10", "1:1:11", "1:2:12");
        SearchStatus status = searches.status(id).orElseThrow();
        assertThat(status.trialCount()).isEqualTo(6);
        assertThat(status.repeats()).isEqualTo(3);
        assertThat(status.epochsTotal()).isEqualTo(12);
    }

    @Test
    void configurationsRankByMeanWithSampleStandardDeviationAndR() {
        long id = submit(List.of(0, 0.1, 1), 3);
        // configuration 0: mean 0.40, sd 0.02; configuration 1: mean 0.41, sd 0.01; configuration 2: mean 0.30, sd 0
        result(id, 0, 0, 0.38, 0.37);
        result(id, 0, 1, 0.40, 0.39);
        result(id, 0, 2, 0.42, 0.41);
        result(id, 1, 0, 0.40, 0.45);
        result(id, 1, 1, 0.41, 0.45);
        result(id, 1, 2, 0.42, 0.45);
        result(id, 2, 0, 0.30, 0.30);
        result(id, 2, 1, 0.30, 0.30);
        db.update("update trial set state = 'FAILED' where search_id = ? and config_index = 2 and repeat_index = 2", id);

        ConfigurationRanking ranking = searches.topConfigurations(id, 5, false);

        assertThat(ranking.configurations()).extracting(TopConfiguration::configIndex).containsExactly(1, 0, 2);
        TopConfiguration best = ranking.configurations().get(0);
        assertThat(best.rank()).isEqualTo(1);
        assertThat(best.repeats()).isEqualTo(3);
        assertThat(best.validationAccuracy().mean()).isCloseTo(0.41, within(1e-12));
        assertThat(best.validationAccuracy().sd()).isCloseTo(0.01, within(1e-12));
        assertThat(best.testAccuracy().mean()).isCloseTo(0.45, within(1e-12));
        assertThat(best.testAccuracy().sd()).isCloseTo(0.0, within(1e-12));
        assertThat(best.parameters().lambda()).isEqualTo(0.1);
        assertThat(best.parameters().seed()).isEqualTo(10);
        assertThat(best.trialIds()).hasSize(3);
        assertThat(ranking.configurations().get(1).validationAccuracy().sd()).isCloseTo(0.02, within(1e-12));
        // the failed repeat does not count: R = 2
        assertThat(ranking.configurations().get(2).repeats()).isEqualTo(2);
        // 0.41 - 0.40 = 0.01 < max(0.01, 0.02): the two best cannot be told apart
        assertThat(ranking.differenceOfBestTwo()).isCloseTo(0.01, within(1e-12));
        assertThat(ranking.bestTwoWithinSpread()).isTrue();

        // by test: configuration 1 (0.45, sd 0) against 0 (0.39, sd 0.02): 0.06 > 0.02, a real difference
        ConfigurationRanking byTest = searches.topConfigurations(id, 2, true);
        assertThat(byTest.configurations()).extracting(TopConfiguration::configIndex).containsExactly(1, 0);
        assertThat(byTest.bestTwoWithinSpread()).isFalse();
    }

    @Test
    void withoutRepeatsThereIsNoSpreadToFlag() {
        long id = submit(List.of(0, 0.1), 1);
        result(id, 0, 0, 0.5, 0.5);
        result(id, 1, 0, 0.6, 0.6);

        ConfigurationRanking ranking = searches.topConfigurations(id, 5, false);

        assertThat(ranking.configurations()).extracting(TopConfiguration::configIndex).containsExactly(1, 0);
        assertThat(ranking.configurations().get(0).validationAccuracy().sd()).isNull();
        assertThat(ranking.bestTwoWithinSpread()).isNull();
    }
}
