package io.hypergrid.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads CIFAR-10 binary batch files (see {@link Cifar10Layout}). Every malformed input is a
 * {@link DatasetException} that names the file and says what is wrong with it.
 */
public final class Cifar10Reader {
    private final int recordsPerFile;

    /** A reader of official files: exactly 10,000 records each. */
    public Cifar10Reader() {
        this(Cifar10Layout.RECORDS_PER_FILE);
    }

    /** A reader of files in the official layout with another record count (small files made by tests). */
    public Cifar10Reader(int recordsPerFile) {
        if (recordsPerFile <= 0) {
            throw new IllegalArgumentException("recordsPerFile must be positive");
        }
        this.recordsPerFile = recordsPerFile;
    }

    public LabelledImages read(Path file) {
        long expected = (long) recordsPerFile * Cifar10Layout.RECORD_BYTES;
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new DatasetException(file + ": file is missing (run 'fetch-data' or point the data directory at a copy of cifar-10-batches-bin)");
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot be read: " + e.getMessage(), e);
        }
        if (size != expected) {
            throw new DatasetException(String.format("%s: %,d bytes, expected %,d (%,d records of %,d bytes)%s",
                    file, size, expected, recordsPerFile, Cifar10Layout.RECORD_BYTES,
                    size < expected ? ": the file is truncated" : ""));
        }
        int d = Cifar10Layout.DIMENSIONS;
        byte[] pixels = new byte[recordsPerFile * d];
        byte[] labels = new byte[recordsPerFile];
        byte[] record = new byte[Cifar10Layout.RECORD_BYTES];
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            for (int i = 0; i < recordsPerFile; i++) {
                if (in.readNBytes(record, 0, record.length) != record.length) {
                    throw new DatasetException(file + ": ends inside record " + i + " (the file changed while read?)");
                }
                int label = record[0] & 0xff;
                if (label >= Cifar10Layout.CLASSES) {
                    throw new DatasetException(file + ": record " + i + " has label " + label
                            + ", above " + (Cifar10Layout.CLASSES - 1) + ": the file is corrupt or not a CIFAR-10 batch");
                }
                labels[i] = (byte) label;
                System.arraycopy(record, 1, pixels, i * d, d);
            }
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot be read: " + e.getMessage(), e);
        }
        return new LabelledImages(pixels, labels, d);
    }
}
