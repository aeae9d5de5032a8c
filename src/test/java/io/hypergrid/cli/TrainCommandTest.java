package io.hypergrid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class TrainCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void trainsOnTheSyntheticDataAndPrintsOneJsonObject() {
        int code = run("train", "--dataset", "synthetic", "--epochs", "3", "--eta", "0.1", "--lambda", "0.01",
                "--decay-every", "2", "--decay-factor", "10", "--shuffle", "--loss", "bce");

        assertThat(code).as(errText()).isZero();
        JsonNode json = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(json.get("config").get("loss").asString()).isEqualTo("bce");
        assertThat(json.get("final").get("testAccuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(json.get("final").get("trainAccuracy").asDouble()).isGreaterThan(0.2); // learns: chance is 0.1
        assertThat(json.get("testClassAccuracy").size()).isEqualTo(10);
        assertThat(json.get("testClassAccuracy").has("airplane")).isTrue();
        assertThat(json.get("confusion").size()).isEqualTo(10);
        assertThat(json.get("curves").get("epoch").size()).isEqualTo(4);
        assertThat(json.get("curves").get("eta").get(0).isNull()).isTrue();
        assertThat(json.get("curves").get("eta").get(3).asDouble()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(json.get("timing").get("loadSeconds").asDouble()).isPositive();
        assertThat(json.get("timing").get("trainingSeconds").asDouble()).isPositive();
    }

    @Test
    void unknownOptionIsOneLineAndExitTwo() {
        assertThat(run("train", "--lamda", "0.1")).isEqualTo(2);
        assertThat(errText().strip()).isEqualTo("hypergrid train: unknown option --lamda");
        assertThat(out.size()).isZero();
    }

    @Test
    void invalidValuesAreOneLineErrors() {
        assertThat(run("train", "--dataset", "synthetic", "--eta", "-1")).isEqualTo(2);
        assertThat(run("train", "--dataset", "synthetic", "--batch-size", "ten")).isEqualTo(2);
        assertThat(run("train", "--dataset", "synthetic", "--loss", "hinge")).isEqualTo(2);
        assertThat(run("train", "--dataset", "synthetic", "--split", "batch9")).isEqualTo(2);
        assertThat(run("train", "--dataset", "synthetic", "--batch-size", "100000")).isEqualTo(2);
        assertThat(run("train", "--dataset", "mnist")).isEqualTo(2);
        assertThat(run("train", "--eta")).isEqualTo(2);
        String[] lines = errText().strip().split("\n");
        assertThat(lines).hasSize(7).allMatch(l -> l.startsWith("hypergrid train: "));
        assertThat(lines[0]).contains("eta");
        assertThat(lines[1]).contains("--batch").contains("ten");
        assertThat(lines[2]).contains("hinge");
        assertThat(lines[3]).contains("batch9");
        assertThat(lines[4]).contains("above the 2000 training images");
        assertThat(lines[5]).contains("mnist");
        assertThat(lines[6]).contains("needs a value");
        assertThat(errText()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void missingDataIsOneLineNamingTheFileAndTheFix(@TempDir Path empty) {
        assertThat(run("train", "--data", empty.toString())).isEqualTo(2);
        assertThat(errText().strip()).contains("test_batch.bin").contains("missing").contains("fetch-data")
                .doesNotContain("\n");
    }

    @Test
    void aDivergedTrialIsReportedAsJsonWithItsReason() {
        int code = run("train", "--dataset", "synthetic", "--epochs", "3", "--eta", "1e200", "--lambda", "1");
        assertThat(code).isEqualTo(1);
        JsonNode json = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.get("status").asString()).isEqualTo("FAILED");
        assertThat(json.get("reason").asString()).startsWith("diverged at epoch 1");
    }

    @Test
    void initFileOfTheWrongSizeIsOneLine(@TempDir Path dir) throws Exception {
        Path init = dir.resolve("init.f64");
        java.nio.file.Files.write(init, new byte[16]);
        assertThat(run("train", "--dataset", "synthetic", "--init", init.toString())).isEqualTo(2);
        assertThat(errText()).contains("--init").contains("expected 245840");
    }
}
