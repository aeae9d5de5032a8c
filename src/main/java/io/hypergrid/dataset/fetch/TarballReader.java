package io.hypergrid.dataset.fetch;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/** Reads the data files out of a tar archive (gzip-compressed or not), the official release's format. */
final class TarballReader {
    private TarballReader() {
    }

    /**
     * Installs every missing file found in the archive, whatever folder the entry is in (the release uses
     * {@code cifar-10-batches-bin/}). Files that are not there, or fail verification, go to {@code problems}.
     */
    static void installFrom(InputStream archive, TargetFolder target, FileProblems problems) throws IOException {
        Set<String> wanted = new LinkedHashSet<>(target.missing());
        try (TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(archive))) {
            TarArchiveEntry entry;
            while (!wanted.isEmpty() && (entry = tar.getNextEntry()) != null) {
                if (!entry.isFile()) {
                    continue;
                }
                String name = baseName(entry.getName());
                if (!wanted.remove(name)) {
                    continue;
                }
                try {
                    target.install(name, tar::transferTo); // the tar stream ends at the end of the entry
                } catch (TargetFolder.ChecksumMismatchException e) {
                    problems.bad(e.getMessage());
                }
            }
        }
        wanted.forEach(problems::missing);
    }

    static String baseName(String entryName) {
        String n = entryName.endsWith("/") ? entryName.substring(0, entryName.length() - 1) : entryName;
        return n.substring(n.lastIndexOf('/') + 1);
    }

    /** Gunzips if the stream starts with the gzip magic number, so that a plain .tar works too. */
    static InputStream decompressed(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }
}
