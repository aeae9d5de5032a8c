package io.hypergrid.dataset.fetch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The official-URL source, against servers on loopback only. */
class UrlSourceTest {
    private final TinyCifar data = new TinyCifar(2);
    private final TinyCifar.Recorder recorder = new TinyCifar.Recorder();

    @TempDir
    Path target;

    private DatasetUnavailableException failure(FetchSettings settings) {
        return catchThrowableOfType(DatasetUnavailableException.class,
                () -> new Cifar10Fetcher(settings, recorder).ensurePresent(target));
    }

    /** The URL source's line: after "in place" (and there is no local source). */
    private static String urlLine(DatasetUnavailableException e) {
        return e.failures().get(1);
    }

    @Test
    void downloadsTheTarballFollowingARedirectWithProgressFromContentLength() throws Exception {
        byte[] tarGz = data.tarGz();
        try (TestHttpServer server = TestHttpServer.serving(tarGz)) {
            FetchResult result = new Cifar10Fetcher(data.offlineSettings().withTarballUrl(server.url("/moved")),
                    recorder).ensurePresent(target);

            assertThat(result.source()).isEqualTo("URL " + server.url("/moved"));
            assertThat(result.installed()).hasSize(7);
        }
        for (var e : data.files.entrySet()) {
            assertThat(target.resolve(e.getKey())).hasBinaryContent(e.getValue());
        }
        assertThat(recorder.lastProgress.get("downloading moved")).containsExactly(tarGz.length, tarGz.length);
        assertThat(TinyCifar.leftovers(target)).isEmpty(); // the downloaded archive is gone too
    }

    @Test
    void anHttpErrorIsOneLine() throws Exception {
        try (TestHttpServer server = TestHttpServer.serving(new byte[0])) {
            DatasetUnavailableException e = failure(data.offlineSettings().withTarballUrl(server.url("/gone")));

            assertThat(urlLine(e)).isEqualTo("URL " + server.url("/gone") + ": HTTP status 404");
        }
    }

    @Test
    void aRefusedConnectionFailsAtOnce() throws Exception {
        long start = System.nanoTime();
        DatasetUnavailableException e = failure(data.offlineSettings());

        assertThat(urlLine(e)).contains(": cannot connect").doesNotContain("\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aDownloadThatBreaksOffLeavesNoPartialFileAndKeepsTheGoodFiles() throws Exception {
        data.writeFolder(target, "data_batch_1.bin");
        byte[] tarGz = data.tarGz();
        try (TestHttpServer server = TestHttpServer.breakingOff(tarGz, tarGz.length / 2, false)) {
            DatasetUnavailableException e = failure(data.offlineSettings().withTarballUrl(server.url()));

            assertThat(urlLine(e)).startsWith("URL " + server.url() + ": download ").doesNotContain("\n");
        }
        assertThat(TinyCifar.leftovers(target)).isEmpty();
        try (var files = Files.list(target)) {
            assertThat(files).containsExactly(target.resolve("data_batch_1.bin"));
        }
        assertThat(target.resolve("data_batch_1.bin")).hasBinaryContent(data.files.get("data_batch_1.bin"));
    }

    @Test
    void aStalledDownloadIsAbandonedAfterTheReadTimeout() throws Exception {
        byte[] tarGz = data.tarGz();
        FetchSettings settings = data.offlineSettings();
        settings = settings.withTimeouts(settings.connectTimeout(), Duration.ofMillis(400), settings.npmTimeout());
        try (TestHttpServer server = TestHttpServer.breakingOff(tarGz, 1000, true)) {
            long start = System.nanoTime();
            DatasetUnavailableException e = failure(settings.withTarballUrl(server.url()));

            assertThat(urlLine(e)).isEqualTo("URL " + server.url()
                    + ": download stalled: no data for 0.4 s after 0.0 MB");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(TinyCifar.leftovers(target)).isEmpty();
    }
}
