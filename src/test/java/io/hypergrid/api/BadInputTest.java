package io.hypergrid.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Every kind of bad input gets a 400 problem detail naming the field and the reason, and changes nothing: the
 * database holds exactly what it held before.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:bad-input;DB_CLOSE_DELAY=-1",
        "hypergrid.data.fetch-on-start=false",
        "hypergrid.data.dir=target/no-cifar-here",
        "hypergrid.workers=1",
        "hypergrid.limits.max-trials-per-search=100",
        "hypergrid.limits.max-epochs=500"})
class BadInputTest {
    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate db;
    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    static Stream<Arguments> badSearches() {
        return Stream.of(
                Arguments.of("empty grid", "{\"dataset\":\"synthetic\",\"grid\":{}}", "grid", "empty"),
                Arguments.of("no grid", "{\"dataset\":\"synthetic\"}", "grid", "empty"),
                Arguments.of("negative eta", g("\"eta\":[-0.1]"), "grid.eta[0]", "> 0"),
                Arguments.of("zero eta", g("\"eta\":[0]"), "grid.eta[0]", "> 0"),
                Arguments.of("eta as a string NaN", g("\"eta\":[\"NaN\"]"), "grid.eta[0]", "must be a number"),
                Arguments.of("lambda below 0", g("\"lambda\":[0.1, -1]"), "grid.lambda[1]", ">= 0"),
                Arguments.of("batch size 0", g("\"batchSize\":[0]"), "grid.batchSize[0]", "from 1"),
                Arguments.of("batch size above the training set", g("\"batchSize\":[2001]"), "grid.batchSize",
                        "above the 2000 training images"),
                Arguments.of("fractional batch size", g("\"batchSize\":[10.5]"), "grid.batchSize[0]", "whole number"),
                Arguments.of("unknown loss", g("\"loss\":[\"hinge\"]"), "grid.loss[0]", "softmax, bce"),
                Arguments.of("unknown dataset", "{\"dataset\":\"mnist\",\"grid\":{\"lambda\":[0]}}", "dataset", "unknown dataset"),
                Arguments.of("unknown split", g("\"split\":[\"batch9\"]"), "grid.split[0]", "batch1, all"),
                Arguments.of("unknown dtype", g("\"dtype\":[\"float16\"]"), "grid.dtype[0]", "float32, float64"),
                Arguments.of("grid over the size limit", g("\"lambda\":{\"min\":0,\"max\":1,\"count\":20},"
                        + "\"eta\":{\"min\":0.001,\"max\":0.1,\"count\":20}"), "grid", "above the limit of 100"),
                Arguments.of("epochs over the limit", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]},"
                        + "\"fixed\":{\"epochs\":501}}", "grid.epochs", "above the limit of 500"),
                Arguments.of("unknown dimension", g("\"momentum\":[0.9]"), "grid.momentum", "unknown dimension"),
                Arguments.of("unknown top-level field", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]},\"gird\":1}",
                        "gird", "unknown field"),
                Arguments.of("grid of the wrong type", "{\"dataset\":\"synthetic\",\"grid\":[1,2]}", "grid", "wrong type"),
                Arguments.of("name of the wrong type", "{\"name\":{\"a\":1},\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]}}",
                        "name", "wrong type"),
                Arguments.of("dimension neither list nor range", g("\"lambda\":0.1"), "grid.lambda", "list of values or a range"),
                Arguments.of("empty list", g("\"eta\":[]"), "grid.eta", "empty list"),
                Arguments.of("log range from 0", g("\"eta\":{\"min\":0,\"max\":0.1,\"count\":3,\"scale\":\"log\"}"),
                        "grid.eta.min", "log range needs min > 0"),
                Arguments.of("range max below min", g("\"lambda\":{\"min\":1,\"max\":0,\"count\":3}"), "grid.lambda.max", "below min"),
                Arguments.of("range without count", g("\"lambda\":{\"min\":0,\"max\":1}"), "grid.lambda.count", "required"),
                Arguments.of("unknown range field", g("\"lambda\":{\"min\":0,\"max\":1,\"count\":2,\"step\":1}"),
                        "grid.lambda.step", "unknown field of a range"),
                Arguments.of("unknown scale", g("\"lambda\":{\"min\":0,\"max\":1,\"count\":2,\"scale\":\"cubic\"}"),
                        "grid.lambda.scale", "linear"),
                Arguments.of("range over a choice", g("\"loss\":{\"min\":0,\"max\":1,\"count\":2}"), "grid.loss", "only for numeric"),
                Arguments.of("shuffle not a boolean", g("\"shuffle\":[\"yes\"]"), "grid.shuffle[0]", "true or false"),
                Arguments.of("negative seed", g("\"seed\":[-1]"), "grid.seed[0]", "from 0"),
                Arguments.of("decay factor below 1", g("\"decayFactor\":[0.5]"), "grid.decayFactor[0]", ">= 1"),
                Arguments.of("dimension both varied and fixed", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]},"
                        + "\"fixed\":{\"lambda\":0.1}}", "fixed.lambda", "also given in grid"),
                Arguments.of("max parallel trials 0", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]},"
                        + "\"limits\":{\"maxParallelTrials\":0}}", "limits.maxParallelTrials", "at least 1"),
                Arguments.of("unknown strategy", s("\"type\":\"bayesian\""), "strategy.type", "\"grid\" or \"random\""),
                Arguments.of("random without trials", s("\"type\":\"random\""), "strategy.trials", "required"),
                Arguments.of("random with 0 trials", s("\"type\":\"random\",\"trials\":0"), "strategy.trials", "from 1"),
                Arguments.of("random with fractional trials", s("\"type\":\"random\",\"trials\":2.5"),
                        "strategy.trials", "whole number"),
                Arguments.of("random trials over the limit", s("\"type\":\"random\",\"trials\":101"), "strategy.trials",
                        "from 1 to 100"),
                Arguments.of("random trials x repeats over the limit", "{\"dataset\":\"synthetic\",\"grid\":{\"eta\":"
                        + "{\"min\":0.001,\"max\":0.1}},\"strategy\":{\"type\":\"random\",\"trials\":60},\"repeats\":2}",
                        "strategy.trials", "above the limit of 100"),
                Arguments.of("random with a negative seed", s("\"type\":\"random\",\"trials\":2,\"seed\":-1"),
                        "strategy.seed", "from 0"),
                Arguments.of("trials on a grid", s("\"type\":\"grid\",\"trials\":5"), "strategy.trials", "only for a random or TPE search"),
                Arguments.of("tpe without trials", s("\"type\":\"tpe\""), "strategy.trials", "required"),
                Arguments.of("tpe gamma above 1", s("\"type\":\"tpe\",\"trials\":2,\"gamma\":1.5"), "strategy.gamma",
                        "at most 1"),
                Arguments.of("tpe gamma 0", s("\"type\":\"tpe\",\"trials\":2,\"gamma\":0"), "strategy.gamma", "above 0"),
                Arguments.of("tpe no candidates", s("\"type\":\"tpe\",\"trials\":2,\"candidates\":0"),
                        "strategy.candidates", "from 1 to 1000"),
                Arguments.of("tpe no proposals per claim", s("\"type\":\"tpe\",\"trials\":2,\"proposalsPerClaim\":0"),
                        "strategy.proposalsPerClaim", "from 1 to 1000"),
                Arguments.of("tpe negative startup trials", s("\"type\":\"tpe\",\"trials\":2,\"startupTrials\":-1"),
                        "strategy.startupTrials", "from 0"),
                Arguments.of("tpe negative prior weight", s("\"type\":\"tpe\",\"trials\":2,\"priorWeight\":-1"),
                        "strategy.priorWeight", "from 0 to 100"),
                Arguments.of("tpe bandwidth bound 0", s("\"type\":\"tpe\",\"trials\":2,\"minBandwidth\":0"),
                        "strategy.minBandwidth", "above 0"),
                Arguments.of("tpe unknown bandwidth rule", s("\"type\":\"tpe\",\"trials\":2,\"bandwidth\":\"silverman\""),
                        "strategy.bandwidth", "\"neighbours\" or \"scott\""),
                Arguments.of("tpe liar not a boolean", s("\"type\":\"tpe\",\"trials\":2,\"constantLiar\":[1]"),
                        "strategy.constantLiar", "wrong type"),
                Arguments.of("tpe more trials than a space of lists holds", s("\"type\":\"tpe\",\"trials\":3"),
                        "strategy.trials", "the space holds only 2"),
                Arguments.of("unknown tpe field", s("\"type\":\"tpe\",\"trials\":2,\"beta\":3"),
                        "strategy.beta", "unknown field of a TPE strategy"),
                Arguments.of("unknown strategy field", s("\"type\":\"random\",\"trials\":2,\"budget\":3"),
                        "strategy.budget", "unknown field of a strategy"),
                Arguments.of("random range with a count", "{\"dataset\":\"synthetic\",\"grid\":{\"eta\":{\"min\":0.001,"
                        + "\"max\":0.1,\"count\":3}},\"strategy\":{\"type\":\"random\",\"trials\":2}}",
                        "grid.eta.count", "count is for the grid strategy"),
                Arguments.of("random range with an unknown scale", "{\"dataset\":\"synthetic\",\"grid\":{\"eta\":{\"min\":0.001,"
                        + "\"max\":0.1,\"scale\":\"cubic\"}},\"strategy\":{\"type\":\"random\",\"trials\":2}}",
                        "grid.eta.scale", "linear"),
                Arguments.of("random log range from 0", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":{\"min\":0,"
                        + "\"max\":1,\"scale\":\"log\"}},\"strategy\":{\"type\":\"random\",\"trials\":2}}",
                        "grid.lambda.min", "log range needs min > 0"),
                Arguments.of("random range without max", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":{\"min\":0}},"
                        + "\"strategy\":{\"type\":\"random\",\"trials\":2}}", "grid.lambda.max", "required"),
                Arguments.of("random range min out of bounds", "{\"dataset\":\"synthetic\",\"grid\":{\"eta\":{\"min\":0,"
                        + "\"max\":1}},\"strategy\":{\"type\":\"random\",\"trials\":2}}", "grid.eta.min", "> 0"),
                Arguments.of("random integer range not whole", "{\"dataset\":\"synthetic\",\"grid\":{\"batchSize\":{\"min\":10,"
                        + "\"max\":100.5}},\"strategy\":{\"type\":\"random\",\"trials\":2}}", "grid.batchSize.max",
                        "whole number"),
                Arguments.of("early stopping not an object", s("\"earlyStopping\":\"median\""), "strategy.earlyStopping",
                        "must be an object"),
                Arguments.of("unknown early stopping", s("\"earlyStopping\":{\"type\":\"hyperband\"}"),
                        "strategy.earlyStopping.type", "\"median\" or \"successiveHalving\""),
                Arguments.of("reduction factor 1", s("\"earlyStopping\":{\"type\":\"successiveHalving\",\"reductionFactor\":1}"),
                        "strategy.earlyStopping.reductionFactor", "from 2"),
                Arguments.of("negative trend", s("\"earlyStopping\":{\"type\":\"successiveHalving\",\"trend\":-1}"),
                        "strategy.earlyStopping.trend", "from 0 to 10"),
                Arguments.of("trend not a number", s("\"earlyStopping\":{\"type\":\"successiveHalving\",\"trend\":\"up\"}"),
                        "strategy.earlyStopping.trend", "wrong type"),
                Arguments.of("min epochs 0", s("\"earlyStopping\":{\"type\":\"successiveHalving\",\"minEpochs\":0}"),
                        "strategy.earlyStopping.minEpochs", "from 1"),
                Arguments.of("first rung not before the last epoch", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]},"
                        + "\"fixed\":{\"epochs\":3},\"strategy\":{\"earlyStopping\":{\"type\":\"successiveHalving\","
                        + "\"minEpochs\":3}}}", "strategy.earlyStopping.minEpochs", "before the last epoch"),
                Arguments.of("median warm-up negative", s("\"earlyStopping\":{\"type\":\"median\",\"warmupEpochs\":-1}"),
                        "strategy.earlyStopping.warmupEpochs", "from 0"),
                Arguments.of("median min trials 0", s("\"earlyStopping\":{\"type\":\"median\",\"minTrials\":0}"),
                        "strategy.earlyStopping.minTrials", "from 1"),
                Arguments.of("halving field on the median rule", s("\"earlyStopping\":{\"type\":\"median\",\"reductionFactor\":3}"),
                        "strategy.earlyStopping.reductionFactor", "unknown field of median"),
                Arguments.of("strategy of the wrong type", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]},\"strategy\":3}",
                        "strategy", "wrong type"),
                Arguments.of("repeats 0", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]},\"repeats\":0}", "repeats",
                        "from 1"),
                Arguments.of("target accuracy as a percentage", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]},"
                        + "\"limits\":{\"targetValidationAccuracy\":40}}", "limits.targetValidationAccuracy", "a fraction"),
                Arguments.of("wall time 0", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]},"
                        + "\"limits\":{\"maxWallSeconds\":0}}", "limits.maxWallSeconds", "positive"),
                Arguments.of("malformed JSON", "{\"dataset\": \"synthetic\", \"grid\": {", "grid", "malformed JSON"),
                Arguments.of("empty body", "", "body", ""),
                Arguments.of("a JSON array instead of an object", "[1, 2]", "body", "wrong type"));
    }

    /** A valid grid with this strategy. */
    private static String s(String strategy) {
        return "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0, 0.1]},\"fixed\":{\"epochs\":4},"
                + "\"strategy\":{" + strategy + "}}";
    }

    private static String g(String dimensions) {
        return "{\"dataset\":\"synthetic\",\"grid\":{" + dimensions + "}}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSearches")
    void badSubmissionIs400NamingTheFieldAndStoresNothing(String kind, String body, String field, String reason) {
        List<Long> before = counts();

        ApiClient.Response r = api.post("/api/searches", body);

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("errors").findValuesAsString("field")).as(r.body()).contains(field);
        assertThat(problem.get("errors").findValuesAsString("reason")).as(r.body()).anyMatch(s -> s.contains(reason));
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(counts()).isEqualTo(before);
    }

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of("/api/searches?page=-1", "page"),
                Arguments.of("/api/searches?size=0", "size"),
                Arguments.of("/api/searches?size=100000", "size"),
                Arguments.of("/api/searches?size=abc", "size"),
                Arguments.of("/api/searches/abc", "id"),
                Arguments.of("/api/searches/1/trials?state=DONE", "state"),
                Arguments.of("/api/searches/1/trials?sort=magic,desc", "sort"),
                Arguments.of("/api/searches/1/trials?sort=validationAccuracy,sideways", "sort"),
                Arguments.of("/api/searches/1/top?k=0", "k"),
                Arguments.of("/api/searches/1/top?by=train", "by"),
                Arguments.of("/api/trials/top?k=-3", "k"),
                Arguments.of("/api/trials/x/epochs", "id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badParameters")
    void badQueryParameterIs400NamingIt(String path, String parameter) {
        api.post("/api/searches", "{\"dataset\":\"synthetic\",\"grid\":{\"lambda\":[0]},\"fixed\":{\"epochs\":1}}");
        List<Long> before = counts();

        ApiClient.Response r = api.get(path);

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("errors").findValuesAsString("field")).contains(parameter);
        assertThat(counts()).isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void everyInvalidFieldIsNamedInOneAnswer() {
        List<Long> before = counts();

        ApiClient.Response r = api.post("/api/searches", "{\"name\": \"x\\u0000\", \"dataset\": \"synthetic\","
                + " \"grid\": {\"eta\": {\"min\": 0, \"max\": 0.1, \"count\": 3, \"scale\": \"log\"},"
                + " \"lambda\": [0, -2], \"momentum\": [0.9]}, \"fixed\": {\"epochs\": 501},"
                + " \"repeats\": 0, \"limits\": {\"maxParallelTrials\": 0},"
                + " \"strategy\": {\"earlyStopping\": {\"type\": \"successiveHalving\", \"reductionFactor\": 1}}}");

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("name",
                "grid.eta.min", "grid.lambda[1]", "grid.momentum", "grid.epochs", "repeats",
                "limits.maxParallelTrials", "strategy.earlyStopping.reductionFactor");
        assertThat(counts()).isEqualTo(before);
    }

    @org.junit.jupiter.api.Test
    void wrongContentTypeIsAProblemDetail() {
        ApiClient.Response r = api.post("/api/searches", "lambda=0", "application/x-www-form-urlencoded");
        assertThat(r.status()).isEqualTo(415);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    private List<Long> counts() {
        return List.of(db.queryForObject("select count(*) from search", Long.class),
                db.queryForObject("select count(*) from trial", Long.class));
    }
}
