package io.hypergrid.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsBackExactlyWhatWasWrittenInTheOfficialLayout() throws IOException {
        LabelledImages written = OfficialLayoutFiles.randomImages(new Random(1), 25);
        Path file = dir.resolve("data_batch_1.bin");
        OfficialLayoutFiles.write(file, written);

        assertThat(Files.size(file)).isEqualTo(25L * 3073);
        LabelledImages read = new Cifar10Reader(25).read(file);
        assertThat(read.labels()).isEqualTo(written.labels());
        assertThat(read.pixels()).isEqualTo(written.pixels());
    }

    @Test
    void recordLayoutIsLabelThenRedGreenBluePlanes() throws IOException {
        byte[] record = new byte[3073];
        record[0] = 7;
        record[1] = 11;            // red, pixel (0, 0)
        record[1 + 1024] = 22;     // green, pixel (0, 0)
        record[1 + 2048 + 33] = 33; // blue, pixel (1, 1)
        Path file = dir.resolve("one.bin");
        Files.write(file, record);

        LabelledImages read = new Cifar10Reader(1).read(file);
        assertThat(read.labels()).containsExactly(7);
        assertThat(read.pixels()[0]).isEqualTo((byte) 11);
        assertThat(read.pixels()[1024]).isEqualTo((byte) 22);
        assertThat(read.pixels()[2048 + 33]).isEqualTo((byte) 33);
    }

    @Test
    void truncatedFileIsAClearErrorNamingTheFile() throws IOException {
        Path file = dir.resolve("data_batch_3.bin");
        OfficialLayoutFiles.write(file, OfficialLayoutFiles.randomImages(new Random(2), 10));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));

        assertThatThrownBy(() -> new Cifar10Reader(10).read(file))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("data_batch_3.bin")
                .hasMessageContaining("truncated");
    }

    @Test
    void officialReaderRejectsAFileWithTheWrongRecordCount() throws IOException {
        Path file = dir.resolve("data_batch_1.bin");
        OfficialLayoutFiles.write(file, OfficialLayoutFiles.randomImages(new Random(3), 10));

        assertThatThrownBy(() -> new Cifar10Reader().read(file))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("data_batch_1.bin")
                .hasMessageContaining("30,730,000");
    }

    @Test
    void labelAboveNineIsAClearErrorNamingFileAndRecord() throws IOException {
        LabelledImages images = OfficialLayoutFiles.randomImages(new Random(4), 5);
        images.labels()[3] = 10;
        Path file = dir.resolve("test_batch.bin");
        OfficialLayoutFiles.write(file, images);

        assertThatThrownBy(() -> new Cifar10Reader(5).read(file))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("test_batch.bin")
                .hasMessageContaining("record 3 has label 10");
    }

    @Test
    void missingBatchIsAClearErrorNamingTheFile() throws IOException {
        OfficialLayoutFiles.writeDataSet(dir, 1010, 5);
        Files.delete(dir.resolve("data_batch_4.bin"));

        assertThatThrownBy(() -> Split.ALL.load(new Cifar10Reader(1010), dir))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("data_batch_4.bin")
                .hasMessageContaining("missing");
    }

    @Test
    void splitsAreComposedAsTheDesignSays() throws IOException {
        OfficialLayoutFiles.writeDataSet(dir, 1010, 6);
        Cifar10Reader reader = new Cifar10Reader(1010);
        LabelledImages b1 = reader.read(dir.resolve("data_batch_1.bin"));
        LabelledImages b2 = reader.read(dir.resolve("data_batch_2.bin"));
        LabelledImages b5 = reader.read(dir.resolve("data_batch_5.bin"));
        LabelledImages test = reader.read(dir.resolve("test_batch.bin"));

        SplitImages batch1 = Split.BATCH1.load(reader, dir);
        assertThat(batch1.train().pixels()).isEqualTo(b1.pixels());
        assertThat(batch1.validation().pixels()).isEqualTo(b2.pixels());
        assertThat(batch1.test().pixels()).isEqualTo(test.pixels());

        SplitImages all = Split.ALL.load(reader, dir);
        assertThat(all.train().count()).isEqualTo(4 * 1010 + 10);
        assertThat(all.validation().count()).isEqualTo(1000);
        assertThat(all.validation().labels()).isEqualTo(Arrays.copyOfRange(b5.labels(), 10, 1010));
        assertThat(Arrays.copyOfRange(all.train().pixels(), 0, b1.pixels().length)).isEqualTo(b1.pixels());
        assertThat(Arrays.copyOfRange(all.train().labels(), 4 * 1010, 4 * 1010 + 10))
                .isEqualTo(Arrays.copyOfRange(b5.labels(), 0, 10));
        assertThat(all.test().labels()).isEqualTo(test.labels());
    }
}
