package io.hypergrid.dataset.fetch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reports the bytes read so far: the position in a compressed archive is a fair measure of extraction progress. */
final class ProgressInputStream extends FilterInputStream {
    private final FetchProgress progress;
    private final String task;
    private final long total;
    private long done;

    ProgressInputStream(InputStream in, FetchProgress progress, String task, long total) {
        super(in);
        this.progress = progress;
        this.task = task;
        this.total = total;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            advance(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        if (skipped > 0) {
            advance(skipped);
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false; // a reset would make the count wrong
    }

    private void advance(long n) {
        done += n;
        progress.progress(task, done, total);
    }
}
