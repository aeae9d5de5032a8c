package io.hypergrid.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class LoopbackUnlessTokensTest {
    private final LoopbackUnlessTokens processor = new LoopbackUnlessTokens();

    @Test
    void withoutATokenTheServiceListensOnLoopbackOnly() {
        MockEnvironment env = new MockEnvironment();
        processor.postProcessEnvironment(env, null);
        assertThat(env.getProperty("server.address")).isEqualTo("127.0.0.1");
    }

    @Test
    void aBlankDigestIsNoToken() {
        MockEnvironment env = new MockEnvironment().withProperty("hypergrid.security.admin-token-sha256", " ");
        processor.postProcessEnvironment(env, null);
        assertThat(env.getProperty("server.address")).isEqualTo("127.0.0.1");
    }

    @Test
    void withoutATokenAnExplicitLoopbackAddressIsKeptAndAnyOtherRefused() {
        MockEnvironment local = new MockEnvironment().withProperty("server.address", "::1");
        processor.postProcessEnvironment(local, null);
        assertThat(local.getProperty("server.address")).isEqualTo("::1");

        MockEnvironment open = new MockEnvironment().withProperty("server.address", "0.0.0.0");
        assertThatThrownBy(() -> processor.postProcessEnvironment(open, null))
                .hasMessageContaining("server.address=0.0.0.0 without an access token");
    }

    @Test
    void withATokenTheServiceBindsAsConfigured() {
        MockEnvironment env = new MockEnvironment().withProperty("hypergrid.security.reader-token-sha256", "ab".repeat(32));
        processor.postProcessEnvironment(env, null);
        assertThat(env.getProperty("server.address")).isNull();
        MockEnvironment open = new MockEnvironment().withProperty("hypergrid.security.admin-token-sha256", "ab".repeat(32))
                .withProperty("server.address", "0.0.0.0");
        processor.postProcessEnvironment(open, null);
        assertThat(open.getProperty("server.address")).isEqualTo("0.0.0.0");
    }
}
