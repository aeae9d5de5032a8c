package io.hypergrid.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlasKernelsTest {
    private static final String XEON = """
            processor	: 0
            vendor_id	: GenuineIntel
            model		: 207
            flags		: fpu vme sse sse2 ssse3 fma sse4_1 sse4_2 avx avx2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16
            processor	: 1
            """;
    private static final String AVX2_ONLY = """
            vendor_id	: AuthenticAMD
            flags		: fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx avx2
            """;

    @Test
    void avx512SubsetsChooseTheSkylakeXKernels() {
        assertThat(BlasKernels.choose(null, XEON)).contains("SkylakeX");
    }

    @Test
    void anotherProcessorKeepsOpenBlasOwnChoice() {
        assertThat(BlasKernels.choose(null, AVX2_ONLY)).isEmpty();
        assertThat(BlasKernels.choose(null, "")).isEmpty();
        // avx512f alone (e.g. Knights Landing) is not enough for the SkylakeX kernels
        assertThat(BlasKernels.choose(null, "flags : avx2 avx512f avx512cd")).isEmpty();
    }

    @Test
    void aValueTheUserSetIsNeverReplaced() {
        assertThat(BlasKernels.choose("Haswell", XEON)).isEmpty();
        assertThat(BlasKernels.choose("  ", XEON)).contains("SkylakeX");
    }

    @Test
    void flagsComeFromTheFirstProcessor() {
        assertThat(BlasKernels.flags(XEON)).contains("avx512vl", "avx2").doesNotContain("processor");
    }
}
