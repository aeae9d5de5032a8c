package io.hypergrid.dataset.fetch;

import io.hypergrid.dataset.Cifar10Layout;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The folder the data goes to. A file enters it only verified: it is written to a hidden temporary file in the same
 * folder ({@code .NAME.*.part}), its MD5 is computed while writing, and only if it matches is it synced and
 * renamed onto its name with {@link StandardCopyOption#ATOMIC_MOVE}. So a reader never sees a half file, and a
 * failed write leaves nothing behind (temporary files are also removed on Ctrl-C by the fetcher's shutdown hook;
 * only SIGKILL or a crash can leave a {@code .part} file, never a wrong {@code .bin}). A file already in place with
 * a wrong MD5 is renamed to {@code NAME.corrupt} just before its verified replacement moves in, and not before:
 * until then the user keeps whatever they had.
 */
final class TargetFolder {
    static final String CORRUPT_SUFFIX = ".corrupt";

    /** The official {@code batches.meta.txt}: the class names, each followed by a newline, nothing else. */
    static final byte[] META_BYTES = Cifar10Layout.CLASS_NAMES.stream().map(n -> n + "\n")
            .collect(Collectors.joining()).getBytes(StandardCharsets.US_ASCII);

    /** Where a file's bytes come from; it writes them all to {@code out} (and does not close it). */
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A file whose bytes do not have the expected MD5; the message names it. */
    static final class ChecksumMismatchException extends IOException {
        ChecksumMismatchException(String message) {
            super(message);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Map<String, String> expectedMd5;
    private final Set<String> verified = new LinkedHashSet<>();
    private final Set<Path> temporaries = ConcurrentHashMap.newKeySet();
    private final List<String> installed = new ArrayList<>();

    TargetFolder(Path dir, Map<String, String> expectedMd5) {
        this.dir = dir;
        this.expectedMd5 = expectedMd5;
    }

    Path dir() {
        return dir;
    }

    /** Registers a temporary file or folder of this fetch, so that {@link #deleteTemporaries()} can find it. */
    Path track(Path temporary) {
        temporaries.add(temporary);
        return temporary;
    }

    /** Deletes a temporary file or folder (recursively) and forgets it. */
    void release(Path temporary) throws IOException {
        try {
            if (Files.isDirectory(temporary, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> all = Files.walk(temporary)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                        Files.deleteIfExists(p);
                    }
                }
            } else {
                Files.deleteIfExists(temporary);
            }
        } finally {
            temporaries.remove(temporary);
        }
    }

    /**
     * Deletes what the fetch still has in flight; called from a shutdown hook, so that Ctrl-C during a download
     * leaves no {@code .part} file behind either.
     */
    void deleteTemporaries() {
        for (Path p : List.copyOf(temporaries)) {
            try {
                release(p);
            } catch (IOException | RuntimeException e) {
                // best effort while the JVM goes down
            }
        }
    }

    /** The data files (not the meta file) not yet verified, in release order. */
    List<String> missing() {
        return expectedMd5.keySet().stream().filter(n -> !verified.contains(n)).collect(Collectors.toList());
    }

    /** The files this fetch wrote, in the order written. */
    List<String> installed() {
        return List.copyOf(installed);
    }

    /**
     * Checks the data files already in the folder against their MD5s, without changing anything.
     *
     * @return what is wrong, one phrase per problem (empty when every file is there and verified)
     */
    List<String> inspect() throws IOException {
        List<String> absent = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : expectedMd5.entrySet()) {
            Path file = dir.resolve(e.getKey());
            if (!Files.isRegularFile(file)) {
                absent.add(e.getKey());
                continue;
            }
            String actual = Md5.of(file);
            if (actual.equals(e.getValue())) {
                verified.add(e.getKey());
            } else {
                problems.add(mismatch(e.getKey(), actual, e.getValue())
                        + " (kept until a verified copy replaces it, then renamed " + e.getKey() + CORRUPT_SUFFIX
                        + ")");
            }
        }
        if (absent.size() == expectedMd5.size()) {
            problems.add(0, "none of the " + absent.size() + " files is there");
        } else if (!absent.isEmpty()) {
            problems.add(0, "missing " + String.join(", ", absent));
        }
        return problems;
    }

    /**
     * Writes a data file from {@code content} if its MD5 is the expected one.
     *
     * @throws ChecksumMismatchException if it is not; nothing in the folder changed
     */
    void install(String name, Content content) throws IOException {
        String expected = expectedMd5.get(name);
        if (expected == null) {
            throw new IllegalArgumentException("not a file of the data set: " + name);
        }
        install(name, expected, content);
        verified.add(name);
    }

    /**
     * Makes sure {@code batches.meta.txt} names the ten classes. A file that already does so line by line is kept
     * even if its bytes differ (trailing blank line, CRLF), since readers only need the names.
     *
     * @return true if the file was (re)written
     */
    boolean ensureMeta() throws IOException {
        Path file = dir.resolve(Cifar10Layout.META_FILE);
        if (Files.isRegularFile(file)) {
            List<String> names = Files.readAllLines(file, StandardCharsets.ISO_8859_1).stream()
                    .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
            if (names.equals(Cifar10Layout.CLASS_NAMES)) {
                return false;
            }
        }
        install(Cifar10Layout.META_FILE, Md5.of(META_BYTES), out -> out.write(META_BYTES));
        return true;
    }

    private void install(String name, String expectedMd5, Content content) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(name);
        // not Files.createTempFile: its owner-only permissions would stay with the data file after the rename
        Path temp = track(dir.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".part"));
        boolean moved = false;
        try {
            MessageDigest digest = Md5.newDigest();
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = new DigestOutputStream(
                         new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16), digest)) {
                content.writeTo(out);
                out.flush();
                // on disk before the rename, so that a crash cannot leave an empty file under the final name
                channel.force(true);
            }
            String actual = Md5.hex(digest);
            if (!actual.equals(expectedMd5)) {
                throw new ChecksumMismatchException(mismatch(name, actual, expectedMd5));
            }
            if (Files.exists(target)) {
                if (Md5.of(target).equals(expectedMd5)) {
                    return; // a good copy appeared meanwhile (another fetch): keep it, drop ours
                }
                Files.move(target, dir.resolve(name + CORRUPT_SUFFIX), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            installed.add(name);
        } finally {
            if (moved) {
                temporaries.remove(temp);
            } else {
                release(temp);
            }
        }
    }

    static String mismatch(String name, String actual, String expected) {
        return name + " has MD5 " + actual + ", expected " + expected;
    }
}
