package io.hypergrid.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
    private static final String ADMIN = "admin-secret";
    private static final String READER = "reader-secret";
    private final TokenVerifier both = new TokenVerifier(hex(ADMIN), hex(READER));

    private static String hex(String token) {
        return HexFormat.of().formatHex(TokenVerifier.sha256(token));
    }

    @Test
    void theBearerTokenDecidesTheAccess() {
        assertThat(both.check("Bearer " + ADMIN)).isEqualTo(Access.ADMIN);
        assertThat(both.check("Bearer " + READER)).isEqualTo(Access.READ);
        assertThat(both.check("bearer " + READER)).isEqualTo(Access.READ);
        assertThat(both.check(null)).isEqualTo(Access.NONE);
        assertThat(both.check("")).isEqualTo(Access.NONE);
        assertThat(both.check("Bearer ")).isEqualTo(Access.NONE);
        assertThat(both.check("Basic " + ADMIN)).isEqualTo(Access.NONE);
        assertThat(both.check(ADMIN)).isEqualTo(Access.NONE);
        assertThat(both.check("Bearer " + ADMIN + "x")).isEqualTo(Access.NONE);
        assertThat(both.check("Bearer " + ADMIN.toUpperCase())).isEqualTo(Access.NONE);
    }

    @Test
    void anUnconfiguredTokenMatchesNothingNotEvenTheDummyDigest() {
        TokenVerifier adminOnly = new TokenVerifier(hex(ADMIN), null);
        assertThat(adminOnly.check("Bearer " + READER)).isEqualTo(Access.NONE);
        assertThat(adminOnly.check("Bearer " + ADMIN)).isEqualTo(Access.ADMIN);
        TokenVerifier none = new TokenVerifier(null, null);
        assertThat(none.check("Bearer " + ADMIN)).isEqualTo(Access.NONE);
    }

    /**
     * The comparison takes as long when the first byte differs as when only the last one does. Measured on 1 MiB
     * arrays, where an early-exit comparison differs by orders of magnitude (checked below on Arrays.equals, so the
     * test can tell the two apart); the bounds are wide because other processes share the machine.
     */
    @Test
    void theComparisonTakesTheSameTimeWhereverTheFirstDifferenceIs() {
        double constantTime = ratio(TokenVerifier::equal);
        assertThat(constantTime).as("late / early difference, MessageDigest.isEqual").isBetween(0.5, 2.0);
        double earlyExit = ratio(Arrays::equals);
        assertThat(earlyExit).as("late / early difference, Arrays.equals (early exit)").isGreaterThan(20.0);
    }

    private static double ratio(BiPredicate<byte[], byte[]> equal) {
        int n = 1 << 20;
        byte[] a = new byte[n];
        byte[] early = new byte[n];
        byte[] late = new byte[n];
        early[0] = 1;
        late[n - 1] = 1;
        long[] earlyTimes = new long[41];
        long[] lateTimes = new long[41];
        boolean sink = false;
        for (int warm = 0; warm < 200; warm++) {
            sink ^= equal.test(a, early) ^ equal.test(a, late);
        }
        for (int i = 0; i < earlyTimes.length; i++) { // interleaved, so a noisy neighbour hits both alike
            long t0 = System.nanoTime();
            for (int r = 0; r < 5; r++) {
                sink ^= equal.test(a, early);
            }
            long t1 = System.nanoTime();
            for (int r = 0; r < 5; r++) {
                sink ^= equal.test(a, late);
            }
            long t2 = System.nanoTime();
            earlyTimes[i] = t1 - t0;
            lateTimes[i] = t2 - t1;
        }
        assertThat(sink).isFalse();
        Arrays.sort(earlyTimes);
        Arrays.sort(lateTimes);
        return (double) Math.max(1, lateTimes[20]) / Math.max(1, earlyTimes[20]);
    }
}
