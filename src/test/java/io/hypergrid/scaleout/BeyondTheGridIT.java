package io.hypergrid.scaleout;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.search.ranking.ConfigurationRanking;
import io.hypergrid.search.SearchService;
import io.hypergrid.search.SearchState;
import io.hypergrid.search.SearchStatus;
import io.hypergrid.Requests;
import io.hypergrid.search.export.TrialExport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Successive halving across two instances on one PostgreSQL, with stacks of 4: each instance judges its stacks
 * against the epoch rows of both. The grid is built so the losers are known whatever the timing: every stack holds
 * two learning trials (eta 0.01, 0.003) and two that barely move (eta 1e-7, 1e-8), so a barely-moving trial ranks
 * at best third at the rung among any 4 to 12 trials there, outside the top ceil(n / 3).
 */
class BeyondTheGridIT {
    private String schema;
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @BeforeEach
    void schema() {
        schema = PostgresSupport.freshSchema();
    }

    @AfterEach
    void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
        PostgresSupport.dropSchema(schema);
    }

    @Test
    void successiveHalvingAcrossTwoInstancesPrunesTheKnownLosersThenExportsAndRanks() throws Exception {
        for (int i = 0; i < 2; i++) {
            instances.add(ThreeInstancesIT.instance(schema, "--hypergrid.execution.stack-size=4"));
        }
        SearchService searches = instances.get(0).getBean(SearchService.class);
        long id = searches.submit(Requests.from(Map.of("name", "halving", "dataset", "synthetic",
                "grid", Map.of("lambda", List.of(0, 0.001, 0.01), "eta", List.of(0.01, 0.003, 1e-7, 1e-8)),
                "fixed", Map.of("epochs", 6),
                "strategy", Map.of("earlyStopping", Map.of("type", "successiveHalving", "minEpochs", 2))))).id();

        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        SearchStatus s;
        while ((s = searches.status(id).orElseThrow()).state() != SearchState.SUCCEEDED) {
            assertThat(System.nanoTime()).as("search finished in time: " + s).isLessThan(deadline);
            Thread.sleep(100);
        }

        JdbcTemplate db = instances.get(1).getBean(JdbcTemplate.class);
        assertThat(db.queryForList("select state from trial where search_id = ? and eta < 1e-6", String.class, id))
                .hasSize(6).containsOnly("PRUNED");
        assertThat(db.queryForList("select distinct epochs_done from trial where search_id = ? and state = 'PRUNED'",
                Integer.class, id)).containsExactly(2);
        // the survivors paused at the rung and went on from their checkpoints, each completed once
        assertThat(db.queryForList("select distinct claims from trial where search_id = ? and state = 'SUCCEEDED'",
                Integer.class, id)).containsExactly(2);
        assertThat(db.queryForList("select distinct completions from trial where search_id = ? and state = 'SUCCEEDED'",
                Integer.class, id)).containsExactly(1);
        assertThat(db.queryForObject("select count(*) from trial_checkpoint", Integer.class)).isZero();
        assertThat(s.trials().get(io.hypergrid.search.trial.TrialState.SUCCEEDED)).isPositive();
        assertThat(s.epochsSaved()).isEqualTo(4L * s.trials().get(io.hypergrid.search.trial.TrialState.PRUNED));
        List<Map<String, Object>> perOwner = db.queryForList(
                "select owner, count(*) as n from trial where search_id = ? group by owner", id);
        assertThat(perOwner).as("both instances trained: " + perOwner).hasSize(2);

        // the export and the configuration ranking, on PostgreSQL's SQL
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        assertThat(instances.get(1).getBean(TrialExport.class).write(id, TrialExport.Format.CSV, csv)).isEqualTo(12);
        assertThat(csv.toString(StandardCharsets.UTF_8).split("\n")).hasSize(13);
        ConfigurationRanking ranking = searches.topConfigurations(id, 3, false);
        assertThat(ranking.configurations()).isNotEmpty();
        assertThat(ranking.configurations().get(0).parameters().eta()).isGreaterThan(1e-3);
    }
}
