package io.hypergrid.metrics;

import io.hypergrid.search.trial.TrialState;
import io.hypergrid.search.trial.Trials;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Hypergrid's meters (design §5). Tags are low-cardinality only: outcome and state, never a trial or search id.
 * Trial counts per state come from the database (shared by all instances), refreshed every few seconds rather
 * than queried on every scrape.
 */
@Component
public class HypergridMetrics {
    private static final Logger log = LoggerFactory.getLogger(HypergridMetrics.class);

    private final MeterRegistry registry;
    private final Trials trials;
    private final Map<TrialState, AtomicLong> trialsByState = new EnumMap<>(TrialState.class);
    private final AtomicInteger busyWorkers = new AtomicInteger();
    private final AtomicInteger totalWorkers = new AtomicInteger();
    private final Timer epochDuration;
    private final Counter samples;

    public HypergridMetrics(MeterRegistry registry, Trials trials) {
        this.registry = registry;
        this.trials = trials;
        for (TrialState state : TrialState.values()) {
            AtomicLong value = new AtomicLong();
            trialsByState.put(state, value);
            Gauge.builder("hypergrid.trials", value, AtomicLong::get).tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                    .description("Trials in each state, in the shared database").register(registry);
        }
        Gauge.builder("hypergrid.queue.depth", trialsByState.get(TrialState.PENDING), AtomicLong::get)
                .description("Trials waiting for a worker, in the shared database").register(registry);
        Gauge.builder("hypergrid.workers.busy", busyWorkers, AtomicInteger::get)
                .description("Workers of this instance training a trial now").register(registry);
        Gauge.builder("hypergrid.workers", totalWorkers, AtomicInteger::get)
                .description("Workers of this instance").register(registry);
        // ND4J allocates its arrays outside the JVM heap and outside JavaCPP's own accounting, so the resident size
        // of the process is the figure that shows off-heap growth
        Gauge.builder("hypergrid.memory.resident", Pointer::physicalBytes).baseUnit("bytes")
                .description("Resident memory of the process: heap, off-heap ND4J arrays and native code").register(registry);
        epochDuration = Timer.builder("hypergrid.epoch.duration")
                .description("One epoch of one trial: descent and evaluation").register(registry);
        samples = Counter.builder("hypergrid.training.samples").baseUnit("samples")
                .description("Training images passed through the descent; its rate is the training throughput")
                .register(registry);
    }

    /** Every 5 s: the counts are the shared database's, so a scrape of any instance shows every instance's trials. */
    @Scheduled(fixedDelay = 5000)
    void refresh() {
        try {
            for (TrialState state : TrialState.values()) {
                trialsByState.get(state).set(trials.count(state));
            }
        } catch (RuntimeException e) {
            log.debug("trial counts not refreshed: {}", e.toString());
        }
    }

    public void workers(int total) {
        totalWorkers.set(total);
    }

    public void workerBusy(boolean busy) {
        if (busy) {
            busyWorkers.incrementAndGet();
        } else {
            busyWorkers.decrementAndGet();
        }
    }

    public void epoch(double seconds, long trainingImages) {
        epochDuration.record(Duration.ofNanos((long) (seconds * 1e9)));
        samples.increment(trainingImages);
    }

    /** @param outcome succeeded, failed, cancelled, pruned, lost (the worker no longer owned it) or released */
    public void trialFinished(String outcome, Duration duration) {
        Timer.builder("hypergrid.trial.duration").tag("outcome", outcome)
                .description("Wall time of one trial on this instance, data loading included").register(registry)
                .record(duration);
        Counter.builder("hypergrid.trials.finished").tag("outcome", outcome)
                .description("Trials this instance finished, by outcome").register(registry).increment();
    }
}
