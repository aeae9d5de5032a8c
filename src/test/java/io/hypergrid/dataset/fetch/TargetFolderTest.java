package io.hypergrid.dataset.fetch;

import io.hypergrid.dataset.Cifar10Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetFolderTest {
    private final TinyCifar data = new TinyCifar(4);

    @TempDir
    Path dir;

    private TargetFolder folder() {
        return new TargetFolder(dir, data.md5);
    }

    @Test
    void aWriteThatFailsHalfwayLeavesNoFileAndKeepsTheOldOne() throws Exception {
        byte[] old = "the user's own file".getBytes(StandardCharsets.US_ASCII);
        Files.write(dir.resolve("data_batch_1.bin"), old);
        byte[] good = data.files.get("data_batch_1.bin");

        assertThatThrownBy(() -> folder().install("data_batch_1.bin", out -> {
            out.write(good, 0, good.length / 2);
            throw new IOException("connection reset");
        })).hasMessage("connection reset");

        assertThat(dir.resolve("data_batch_1.bin")).hasBinaryContent(old);
        assertThat(TinyCifar.leftovers(dir)).isEmpty();
    }

    @Test
    void theShutdownCleanUpRemovesAFileBeingWritten() throws Exception {
        TargetFolder folder = folder();
        byte[] good = data.files.get("data_batch_1.bin");
        List<List<Path>> seen = new ArrayList<>();

        assertThatThrownBy(() -> folder.install("data_batch_1.bin", out -> {
            out.write(good, 0, 10);
            out.flush();
            seen.add(TinyCifar.leftovers(dir));
            folder.deleteTemporaries(); // what the shutdown hook does on Ctrl-C
            seen.add(TinyCifar.leftovers(dir));
            throw new IOException("JVM going down");
        })).hasMessage("JVM going down");

        assertThat(seen.get(0)).singleElement().asString().contains(".data_batch_1.bin.").endsWith(".part");
        assertThat(seen.get(1)).isEmpty();
        assertThat(dir.resolve("data_batch_1.bin")).doesNotExist();
    }

    @Test
    void aWrongChecksumIsRejectedNamingTheFileAndLeavesNothing() {
        byte[] bad = data.files.get("test_batch.bin").clone();
        bad[bad.length - 1] ^= (byte) 0xff;

        assertThatThrownBy(() -> folder().install("test_batch.bin", out -> out.write(bad)))
                .isInstanceOf(TargetFolder.ChecksumMismatchException.class)
                .hasMessage("test_batch.bin has MD5 " + Md5.of(bad) + ", expected " + data.md5.get("test_batch.bin"));
        assertThat(dir.resolve("test_batch.bin")).doesNotExist();
    }

    @Test
    void aVerifiedFileGetsOrdinaryPermissions() throws Exception {
        folder().install("data_batch_5.bin", out -> out.write(data.files.get("data_batch_5.bin")));

        assertThat(dir.resolve("data_batch_5.bin")).hasBinaryContent(data.files.get("data_batch_5.bin"));
        // group and others may read it, as with any file the user makes (not createTempFile's owner-only mode)
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data_batch_5.bin"))))
                .startsWith("rw-r");
    }

    @Test
    void aMetaFileThatNamesTheClassesIsKeptEvenWithOtherLineEnds() throws Exception {
        String crlf = String.join("\r\n", Cifar10Layout.CLASS_NAMES) + "\r\n\r\n";
        Files.writeString(dir.resolve(Cifar10Layout.META_FILE), crlf);

        assertThat(folder().ensureMeta()).isFalse();
        assertThat(dir.resolve(Cifar10Layout.META_FILE)).hasContent(crlf);
    }

    @Test
    void aWrongMetaFileIsReplacedAndSetAside() throws Exception {
        Files.writeString(dir.resolve(Cifar10Layout.META_FILE), "cat\ndog\n");

        assertThat(folder().ensureMeta()).isTrue();

        assertThat(dir.resolve(Cifar10Layout.META_FILE)).hasBinaryContent(TargetFolder.META_BYTES);
        assertThat(dir.resolve(Cifar10Layout.META_FILE + ".corrupt")).hasContent("cat\ndog\n");
    }

    @Test
    void inspectionFindsMissingAndWrongFilesWithoutChangingAnything() throws Exception {
        data.writeFolder(dir, "data_batch_1.bin", "data_batch_2.bin");
        Files.write(dir.resolve("data_batch_2.bin"), new byte[10]);
        TargetFolder folder = folder();

        assertThat(folder.inspect()).containsExactly(
                "missing data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin",
                "data_batch_2.bin has MD5 " + Md5.of(new byte[10]) + ", expected " + data.md5.get("data_batch_2.bin")
                        + " (kept until a verified copy replaces it, then renamed data_batch_2.bin.corrupt)");
        assertThat(folder.missing()).containsExactly("data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                "data_batch_5.bin", "test_batch.bin");
        assertThat(dir.resolve("data_batch_2.bin")).hasBinaryContent(new byte[10]);
    }
}
