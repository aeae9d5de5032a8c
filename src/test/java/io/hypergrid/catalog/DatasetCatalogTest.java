package io.hypergrid.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.hypergrid.config.HypergridProperties;
import io.hypergrid.dataset.Dtype;
import io.hypergrid.dataset.PreparedData;
import io.hypergrid.dataset.Split;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCatalogTest {
    @TempDir
    Path dir;

    private DatasetCatalog catalog(boolean fetchOnStart) {
        HypergridProperties.Data data = new HypergridProperties.Data(dir.resolve("cifar-10-batches-bin"), fetchOnStart,
                null, URI.create("http://127.0.0.1:9/cifar-10-binary.tar.gz"), "false");
        return new DatasetCatalog(new HypergridProperties(1, 1, data, new HypergridProperties.Limits(10, 10, 10, 100,
                java.time.Duration.ofSeconds(30), 65536),
                new HypergridProperties.Execution(java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(10),
                        java.time.Duration.ofMillis(500), 3, true, 16, 4),
                new HypergridProperties.Security(null, null, java.util.List.of()),
                new HypergridProperties.Retention(java.time.Duration.ZERO, java.time.Duration.ofHours(1)),
                new HypergridProperties.Events(200, java.time.Duration.ofSeconds(1))));
    }

    @Test
    void whenEverySourceFailsTheDataSetSaysWhyAndHowToProvideIt() {
        DatasetCatalog catalog = catalog(true);
        catalog.ensureCifar10(); // what the background thread runs at start-up

        DatasetStatus cifar = catalog.statuses().get(0);
        assertThat(cifar.name()).isEqualTo("cifar10");
        assertThat(cifar.state()).isEqualTo("UNAVAILABLE");
        assertThat(cifar.ready()).isFalse();
        assertThat(cifar.message()).contains("127.0.0.1:9").contains("npm").contains("fetch-data --from");
        assertThat(catalog.ready()).containsExactly("synthetic");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> catalog.requireObtainable("cifar10"))
                .isInstanceOf(io.hypergrid.dataset.fetch.DatasetUnavailableException.class).hasMessageContaining("fetch-data");
    }

    @Test
    void preparedDataIsLoadedOnceAndShared() throws Exception {
        DatasetCatalog catalog = catalog(false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Callable<PreparedData> load = () -> catalog.prepared("synthetic", Split.BATCH1, Dtype.FLOAT32);
        List<Future<PreparedData>> loads = pool.invokeAll(List.of(load, load, load, load));
        pool.shutdown();
        PreparedData first = loads.get(0).get();
        for (Future<PreparedData> f : loads) {
            assertThat(f.get()).isSameAs(first);
        }
        assertThat(catalog.prepared("synthetic", Split.BATCH1, Dtype.FLOAT64)).isNotSameAs(first);
    }
}
