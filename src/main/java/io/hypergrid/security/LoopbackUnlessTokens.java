package io.hypergrid.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Without a token the API is open to whoever reaches it, so it must be reachable from this machine only:
 * {@code server.address} defaults to 127.0.0.1, and an explicit non-loopback address is refused at start-up.
 * With a token the service binds as configured (all interfaces by default).
 */
public class LoopbackUnlessTokens implements EnvironmentPostProcessor {
    static final String LOOPBACK = "127.0.0.1";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Binder binder = Binder.get(environment);
        boolean tokens = present(binder, "hypergrid.security.admin-token-sha256")
                || present(binder, "hypergrid.security.reader-token-sha256");
        if (tokens) {
            return;
        }
        String address = binder.bind("server.address", String.class).orElse(null);
        if (address == null || address.isBlank()) {
            environment.getPropertySources().addLast(new MapPropertySource("hypergridLoopbackWithoutTokens",
                    Map.of("server.address", LOOPBACK)));
        } else if (!loopback(address)) {
            throw new IllegalStateException("server.address=" + address + " without an access token: set"
                    + " hypergrid.security.admin-token-sha256 (and reader-token-sha256) or listen on loopback only");
        }
    }

    private static boolean present(Binder binder, String name) {
        return binder.bind(name, String.class).map(s -> !s.isBlank()).orElse(false);
    }

    private static boolean loopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
