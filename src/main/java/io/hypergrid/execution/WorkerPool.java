package io.hypergrid.execution;

import io.hypergrid.config.HypergridProperties;
import io.hypergrid.catalog.DatasetCatalog;
import io.hypergrid.metrics.HypergridMetrics;
import io.hypergrid.search.SearchCancelled;
import io.hypergrid.search.queue.ClaimedTrial;
import io.hypergrid.search.queue.TrialQueue;
import io.hypergrid.search.queue.TrialsQueued;
import io.hypergrid.training.BlasKernels;
import io.hypergrid.training.Nd4jRuntime;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A fixed pool of workers ({@code hypergrid.workers}), each claiming a stack of compatible trials of one search at a
 * time ({@code hypergrid.execution.stack-size}) and training it on one BLAS thread. Two small periodic tasks go
 * with it: {@link Heartbeat} of this instance's running trials and {@link Reaper} of every instance's stale ones.
 * On shutdown, running trials stop at their next mini-batch and go back to the queue.
 */
@Component
@ConditionalOnProperty(name = "hypergrid.execution.enabled", matchIfMissing = true)
public class WorkerPool implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
    /**
     * How long a shutdown waits for the workers to stop before their trials are released anyway; a container's stop
     * grace period must be longer (docker-compose.yml's stop_grace_period, checked by ComposeFileTest).
     */
    public static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private final TrialQueue queue;
    private final DatasetCatalog catalog;
    private final TrialRunner runner;
    private final HypergridMetrics metrics;
    private final HypergridProperties.Execution settings;
    private final int blasThreads;
    private final int size;
    private final String owner;
    private final Map<Long, RunningTrial> running = new ConcurrentHashMap<>();
    private final Object wakeUp = new Object();
    private final AtomicInteger idle = new AtomicInteger();
    private volatile boolean accepting;
    private ExecutorService workers;

    public WorkerPool(TrialQueue queue, DatasetCatalog catalog, TrialRunner runner, HypergridMetrics metrics,
                      HypergridProperties properties) {
        this.queue = queue;
        this.catalog = catalog;
        this.runner = runner;
        this.metrics = metrics;
        this.settings = properties.execution();
        this.size = properties.workerCount();
        this.blasThreads = properties.blasThreads();
        this.owner = ownerName();
    }

    /** host:pid:random, unique per process start, so a restarted instance never mistakes old claims for its own. */
    private static String ownerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown";
        }
        String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        return host + ":" + pid + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String owner() {
        return owner;
    }

    public int size() {
        return size;
    }

    /** Trials this instance is training now (a worker may train a stack of several). */
    public int busy() {
        return running.size();
    }

    @Override
    public void start() {
        Nd4jRuntime.configure(blasThreads); // before any trial: backend loaded and warm
        accepting = true;
        metrics.workers(size);
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(size, r -> new Thread(r, "worker-" + n.incrementAndGet()));
        for (int i = 0; i < size; i++) {
            workers.execute(this::work);
        }
        log.info("{} workers of {} BLAS thread(s) started as {}; {}", size, blasThreads, owner, BlasKernels.select());
    }

    private void work() {
        while (accepting) {
            List<ClaimedTrial> claims;
            try {
                claims = queue.claimStack(owner, catalog.ready(), settings.stackSize(), settings.resumeStackSize());
            } catch (RuntimeException e) {
                log.warn("claim failed, retrying: {}", e.toString());
                claims = List.of();
            }
            if (claims.isEmpty()) {
                waitForWork();
                continue;
            }
            List<RunningTrial> stack = claims.stream().map(RunningTrial::new).toList();
            stack.forEach(t -> running.put(t.claim.trialId(), t));
            metrics.workerBusy(true);
            try {
                if (!accepting) {
                    stack.forEach(t -> t.stop(StopReason.SHUTDOWN));
                }
                runner.run(stack);
            } finally {
                stack.forEach(t -> running.remove(t.claim.trialId()));
                metrics.workerBusy(false);
            }
        }
    }

    private void waitForWork() {
        synchronized (wakeUp) {
            idle.incrementAndGet();
            try {
                wakeUp.wait(settings.poll().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                accepting = false;
            } finally {
                idle.decrementAndGet();
            }
        }
    }

    @EventListener
    public void onQueued(TrialsQueued event) {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    @EventListener
    public void onCancelled(SearchCancelled event) {
        running.values().stream().filter(t -> t.claim.searchId().equals(event.searchId()))
                .forEach(t -> t.stop(StopReason.CANCELLED));
    }

    /** The trials this instance is training now, by id. */
    Map<Long, RunningTrial> running() {
        return running;
    }

    @Override
    public void stop() {
        accepting = false;
        running.values().forEach(t -> t.stop(StopReason.SHUTDOWN));
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
        workers.shutdown();
        try {
            if (!workers.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("workers did not stop within {} s", SHUTDOWN_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            int released = queue.release(owner);
            log.info("workers stopped; {} unfinished trials back to pending", released);
        } catch (RuntimeException e) {
            log.warn("could not return unfinished trials to pending (the reaper will): {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return accepting;
    }

    /** Stop before the data source and web server go: trials must be released while the database is there. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }
}
