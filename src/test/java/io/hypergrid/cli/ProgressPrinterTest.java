package io.hypergrid.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressPrinterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long now;
    private final ProgressPrinter printer = new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8),
            () -> now);

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aTaskThatEndsWithinASecondPrintsNothing() {
        for (int done = 0; done <= 100; done++) {
            now += 5_000_000L; // 0.5 s in all
            printer.progress("copying x", done, 100);
        }
        assertThat(lines()).isEmpty();
    }

    @Test
    void aLongTaskPrintsAtMostOncePerSecondAndPer5PercentThenTheEnd() {
        for (int done = 0; done <= 1000; done++) {
            now += 20_000_000L; // 20 s in all: 1 % takes 0.2 s
            printer.progress("downloading x", done, 1000);
        }
        List<String> lines = lines();
        assertThat(lines).startsWith("  downloading x: 5%", "  downloading x: 10%").endsWith("  downloading x: 100%");
        assertThat(lines).hasSize(20);
    }

    @Test
    void aFastTaskWithAStepOver5PercentPrintsOncePerSecond() {
        for (int done = 0; done <= 100; done++) {
            now += 100_000_000L; // 10 s in all: 1 % takes 0.1 s
            printer.progress("converting", done, 100);
        }
        assertThat(lines()).hasSize(10).contains("  converting: 10%", "  converting: 100%");
    }

    @Test
    void withoutATotalItPrintsTheBytesEveryFiveSeconds() {
        for (int i = 1; i <= 12; i++) {
            now += 1_000_000_000L;
            printer.progress("downloading y", i * 1_000_000L, -1);
        }
        assertThat(lines()).containsExactly("  downloading y: 6.0 MB", "  downloading y: 11.0 MB");
    }

    @Test
    void outcomesAndStagesAreLines() {
        printer.outcome("URL x: HTTP status 404");
        printer.stage("running 'npm pack'");
        assertThat(lines()).containsExactly("URL x: HTTP status 404", "  running 'npm pack'");
    }
}
