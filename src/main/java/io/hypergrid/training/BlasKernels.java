package io.hypergrid.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.systems.global.linux;

/**
 * Chooses OpenBLAS's kernels before the library loads. The OpenBLAS bundled with ND4J (0.3.19) picks its kernels by
 * CPU model and falls back to its generic Prescott (SSE3) kernels for models it does not know, such as recent Xeons
 * with AVX-512: about half the speed they can give. OpenBLAS reads {@code OPENBLAS_CORETYPE} once, when it loads,
 * so Hypergrid sets it in its own process environment first, and only where the processor reports every AVX-512
 * subset the SkylakeX kernels use; elsewhere OpenBLAS's own choice stands. A value the user set is never changed.
 */
public final class BlasKernels {
    public static final String VARIABLE = "OPENBLAS_CORETYPE";
    static final String SKYLAKE_X = "SkylakeX";
    /** The instruction subsets OpenBLAS's SkylakeX kernels and its own SkylakeX detection require. */
    static final Set<String> SKYLAKE_X_FLAGS = Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");

    private static volatile String chosen;

    private BlasKernels() {
    }

    /** What to set, if anything: nothing when the user has chosen, or when the CPU lacks the AVX-512 subsets. */
    static Optional<String> choose(String userValue, String cpuinfo) {
        if (userValue != null && !userValue.isBlank()) {
            return Optional.empty();
        }
        return flags(cpuinfo).containsAll(SKYLAKE_X_FLAGS) ? Optional.of(SKYLAKE_X) : Optional.empty();
    }

    static Set<String> flags(String cpuinfo) {
        return cpuinfo.lines()
                .filter(line -> line.startsWith("flags"))
                .findFirst()
                .map(line -> new HashSet<>(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+"))))
                .map(Set::copyOf)
                .orElse(Set.of());
    }

    /**
     * Sets {@code OPENBLAS_CORETYPE} when {@link #choose} says so; must run before the first ND4J or BLAS call
     * (after it the variable has no effect). Returns a line saying which kernels OpenBLAS will use and why.
     */
    public static synchronized String select() {
        if (chosen != null) {
            return chosen;
        }
        String user = System.getenv(VARIABLE);
        String cpuinfo = readCpuinfo();
        Optional<String> choice = choose(user, cpuinfo);
        if (choice.isPresent() && linux.setenv(VARIABLE, choice.get(), 0) == 0) {
            chosen = "OpenBLAS kernels: " + choice.get() + " (set by Hypergrid: the CPU has AVX-512; "
                    + VARIABLE + " overrides)";
        } else if (user != null && !user.isBlank()) {
            chosen = "OpenBLAS kernels: " + user + " (" + VARIABLE + ")";
        } else {
            chosen = "OpenBLAS kernels: OpenBLAS's own choice for this CPU";
        }
        return chosen;
    }

    private static String readCpuinfo() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            return ""; // not Linux, or not readable: leave OpenBLAS to itself
        }
    }
}
