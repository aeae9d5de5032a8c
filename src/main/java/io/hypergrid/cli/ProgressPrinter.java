package io.hypergrid.cli;

import io.hypergrid.dataset.fetch.FetchProgress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Prints a fetch's progress as lines on standard error (no carriage-return animation: it goes to logs too). A task
 * that ends within a second prints nothing; a longer one at most one line per second and per 5 %, then 100 %.
 */
final class ProgressPrinter implements FetchProgress {
    static final long MIN_INTERVAL_NANOS = 1_000_000_000L;
    static final int MIN_STEP_PERCENT = 5;
    /** Without a known total (a download without Content-Length), a byte count this often. */
    static final long UNKNOWN_TOTAL_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintStream err;
    private final LongSupplier nanoClock;
    private String task;
    private long lastLineNanos;
    private int lastPercent;
    private boolean printed;

    ProgressPrinter(PrintStream err, LongSupplier nanoClock) {
        this.err = err;
        this.nanoClock = nanoClock;
    }

    @Override
    public void stage(String message) {
        err.println("  " + message);
    }

    @Override
    public void outcome(String line) {
        err.println(line);
    }

    @Override
    public void progress(String task, long done, long total) {
        long now = nanoClock.getAsLong();
        if (!task.equals(this.task)) {
            this.task = task;
            lastLineNanos = now;
            lastPercent = 0;
            printed = false;
        }
        if (total <= 0) {
            if (now - lastLineNanos >= UNKNOWN_TOTAL_INTERVAL_NANOS) {
                err.println(String.format(Locale.ROOT, "  %s: %.1f MB", task, done / 1e6));
                lastLineNanos = now;
            }
            return;
        }
        int percent = (int) Math.min(100, done * 100 / total);
        if (percent == 100) {
            if (printed && lastPercent < 100) {
                err.println("  " + task + ": 100%");
            }
            lastPercent = 100;
        } else if (now - lastLineNanos >= MIN_INTERVAL_NANOS && percent >= lastPercent + MIN_STEP_PERCENT) {
            err.println("  " + task + ": " + percent + "%");
            lastLineNanos = now;
            lastPercent = percent;
            printed = true;
        }
    }
}
