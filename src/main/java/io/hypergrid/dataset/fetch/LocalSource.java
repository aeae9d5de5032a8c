package io.hypergrid.dataset.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A copy the user already has: a folder with the {@code .bin} files (directly, or in its
 * {@code cifar-10-batches-bin/} subfolder, or as a {@code cifar-10-binary.tar.gz} in it), or the tarball itself.
 */
final class LocalSource implements Source {
    static final String SUBFOLDER = "cifar-10-batches-bin";
    static final String TARBALL = "cifar-10-binary.tar.gz";

    private final Path path;

    LocalSource(Path path) {
        this.path = path;
    }

    @Override
    public String describe() {
        return "local copy " + path;
    }

    @Override
    public void provide(TargetFolder target, FetchProgress progress) throws SourceFailure, IOException {
        if (Files.isDirectory(path)) {
            Path folder = path;
            if (!holdsAny(path, target) && Files.isDirectory(path.resolve(SUBFOLDER))) {
                folder = path.resolve(SUBFOLDER);
            }
            if (!holdsAny(folder, target) && Files.isRegularFile(path.resolve(TARBALL))) {
                fromArchive(path.resolve(TARBALL), target, progress);
            } else {
                fromFolder(folder, target, progress);
            }
        } else if (Files.isRegularFile(path)) {
            fromArchive(path, target, progress);
        } else {
            throw new SourceFailure("no such file or folder");
        }
    }

    private static boolean holdsAny(Path folder, TargetFolder target) {
        return target.missing().stream().anyMatch(n -> Files.isRegularFile(folder.resolve(n)));
    }

    private static void fromFolder(Path folder, TargetFolder target, FetchProgress progress)
            throws SourceFailure, IOException {
        FileProblems problems = new FileProblems();
        for (String name : target.missing()) {
            Path file = folder.resolve(name);
            if (!Files.isRegularFile(file)) {
                problems.missing(name);
                continue;
            }
            long size = Files.size(file);
            try (InputStream in = new ProgressInputStream(Files.newInputStream(file), progress, "copying " + name,
                    size)) {
                target.install(name, in::transferTo);
            } catch (TargetFolder.ChecksumMismatchException e) {
                problems.bad(e.getMessage());
            }
        }
        problems.throwIfAny("in " + folder);
    }

    private static void fromArchive(Path archive, TargetFolder target, FetchProgress progress)
            throws SourceFailure, IOException {
        FileProblems problems = new FileProblems();
        try (InputStream in = new ProgressInputStream(Files.newInputStream(archive), progress,
                "extracting " + archive.getFileName(), Files.size(archive))) {
            TarballReader.installFrom(in, target, problems);
        } catch (IOException e) {
            // not an archive, or a truncated one: say which file, then what the parser found
            throw new SourceFailure("reading " + archive.getFileName() + " failed: " + SourceFailure.describe(e), e);
        }
        problems.throwIfAny("in " + archive.getFileName());
    }
}
