package io.hypergrid.dataset.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The official tarball over HTTP(S). It is downloaded to a hidden temporary file in the target folder (deleted
 * afterwards, whatever happens), then the wanted files are extracted from it, each verified on the way in.
 */
final class UrlSource implements Source {
    private final URI url;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    UrlSource(URI url, Duration connectTimeout, Duration readTimeout) {
        this.url = url;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    @Override
    public String describe() {
        return "URL " + url;
    }

    @Override
    public void provide(TargetFolder target, FetchProgress progress) throws SourceFailure, IOException {
        HttpResponse<InputStream> response = connect();
        Path temp = null;
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new SourceFailure("HTTP status " + response.statusCode());
            }
            // the folder is created only now that there is something to put in it
            Files.createDirectories(target.dir());
            temp = target.track(Files.createTempFile(target.dir(), ".download.", ".tar.gz.part"));
            long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            progress.stage("downloading " + url + (length >= 0 ? " (" + megabytes(length) + ")" : ""));
            copyWithStallGuard(body, temp, length, progress);
            extract(temp, target, progress);
        } finally {
            if (temp != null) {
                target.release(temp);
            }
        }
    }

    private void extract(Path archive, TargetFolder target, FetchProgress progress) throws SourceFailure, IOException {
        FileProblems problems = new FileProblems();
        try (InputStream in = new ProgressInputStream(Files.newInputStream(archive), progress,
                "extracting " + fileName(), Files.size(archive))) {
            TarballReader.installFrom(in, target, problems);
        } catch (IOException e) {
            throw new SourceFailure("reading the downloaded archive failed: " + SourceFailure.describe(e), e);
        }
        problems.throwIfAny("in the archive");
    }

    /** The HTTP client reports a refused connection as message-less exceptions around a closed channel. */
    private static String connectFailure(IOException e) {
        boolean refused = false;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null || t instanceof UnresolvedAddressException) {
                return SourceFailure.describe(e);
            }
            refused |= t instanceof ClosedChannelException;
        }
        return refused && e instanceof ConnectException ? "connection refused" : SourceFailure.describe(e);
    }

    private String fileName() {
        String p = url.getPath();
        return p == null || p.isEmpty() ? url.toString() : p.substring(p.lastIndexOf('/') + 1);
    }

    private HttpResponse<InputStream> connect() throws SourceFailure {
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(connectTimeout)
                .build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(readTimeout).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new SourceFailure("no connection within " + seconds(connectTimeout), e);
        } catch (HttpTimeoutException e) {
            throw new SourceFailure("no response within " + seconds(readTimeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceFailure("interrupted", e);
        } catch (IOException e) {
            throw new SourceFailure("cannot connect: " + connectFailure(e), e);
        }
        return response;
    }

    /**
     * Copies the body, ending the read if no byte arrives for {@code readTimeout}: the HTTP client's request
     * timeout covers only the wait for the headers, and a stalled transfer would otherwise hang forever.
     */
    private void copyWithStallGuard(InputStream body, Path temp, long length, FetchProgress progress)
            throws SourceFailure, IOException {
        StallGuard guard = new StallGuard(body, readTimeout.toNanos());
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "download-watchdog");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(10, Math.min(1000, readTimeout.toMillis() / 4));
        watchdog.scheduleAtFixedRate(guard::check, period, period, TimeUnit.MILLISECONDS);
        long done = 0;
        String task = "downloading " + fileName();
        try (OutputStream out = Files.newOutputStream(temp)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = body.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
                done += n;
                guard.alive();
                progress.progress(task, done, length);
            }
        } catch (IOException e) {
            if (guard.finish()) {
                throw new SourceFailure("download stalled: no data for " + seconds(readTimeout) + " after "
                        + megabytes(done), e);
            }
            throw new SourceFailure("download broke off after " + megabytes(done) + ": "
                    + SourceFailure.describe(e), e);
        } finally {
            guard.finish();
            watchdog.shutdownNow();
        }
        if (length >= 0 && done != length) {
            throw new SourceFailure("download ended after " + done + " of " + length + " bytes");
        }
    }

    /**
     * Shared between the reading thread and the watchdog. A stalled read is ended by closing the body stream: the
     * JDK's body stream ignores interrupts, but its close() wakes a blocked read, which then throws.
     */
    private static final class StallGuard {
        private final InputStream body;
        private final long limitNanos;
        private long lastNanos = System.nanoTime();
        private boolean finished;
        private boolean stalled;

        StallGuard(InputStream body, long limitNanos) {
            this.body = body;
            this.limitNanos = limitNanos;
        }

        synchronized void alive() {
            lastNanos = System.nanoTime();
        }

        synchronized void check() {
            if (!finished && !stalled && System.nanoTime() - lastNanos > limitNanos) {
                stalled = true;
                try {
                    body.close();
                } catch (IOException e) {
                    // closing is all we can do; the read fails either way
                }
            }
        }

        /** Ends the guard. @return whether the download stalled */
        synchronized boolean finish() {
            finished = true;
            return stalled;
        }
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
