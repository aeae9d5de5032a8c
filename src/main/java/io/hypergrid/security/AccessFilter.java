package io.hypergrid.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Set;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may do what. With a token configured: GET and HEAD of the public paths (the dashboard's static files, the
 * OpenAPI description, {@code /actuator/health} without details) need nothing; every other read needs the reader or
 * the admin token; every other method (POST, PUT, PATCH, DELETE, ...) needs the admin token. A missing or wrong token
 * is a 401 with {@code WWW-Authenticate: Bearer}, the reader token on a write a 403, both as problem details. Without
 * any token configured every caller is admin (and the service listens on loopback only: {@link LoopbackUnlessTokens}).
 *
 * <p>The caller passed on carries a principal and the roles ADMIN / READER, which is what actuator's
 * {@code show-details: when-authorized} looks at: health details only for a token holder.
 */
public class AccessFilter extends OncePerRequestFilter {
    private static final Set<String> PUBLIC = Set.of("/", "/index.html", "/favicon.svg", "/swagger-ui.html",
            "/v3/api-docs", "/actuator/health");
    private static final List<String> PUBLIC_PREFIXES = List.of("/css/", "/js/", "/webjars/", "/swagger-ui/",
            "/v3/api-docs/", "/actuator/health/");
    static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final TokenVerifier tokens;
    private final boolean enabled;
    private final boolean corsOpen;

    public AccessFilter(TokenVerifier tokens, boolean enabled, boolean corsOpen) {
        this.tokens = tokens;
        this.enabled = enabled;
        this.corsOpen = corsOpen;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!enabled) {
            chain.doFilter(new Caller(request, Access.ADMIN), response);
            return;
        }
        Access access = tokens.check(request.getHeader("Authorization"));
        boolean read = READS.contains(request.getMethod());
        if ((read && isPublic(request)) || (corsOpen && CorsUtils.isPreFlightRequest(request))) {
            chain.doFilter(access == Access.NONE ? request : new Caller(request, access), response);
            return;
        }
        if (access == Access.NONE) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"hypergrid\"");
            Problems.write(response, 401, "Unauthorized", request.getHeader("Authorization") == null
                    ? "send a token: Authorization: Bearer <token>" : "the token is not valid");
            return;
        }
        if (!read && access != Access.ADMIN) {
            Problems.write(response, 403, "Forbidden", "the reader token may only read; "
                    + request.getMethod() + " needs the admin token");
            return;
        }
        chain.doFilter(new Caller(request, access), response);
    }

    /** The servlet path: decoded and normalised by the container (no "..", no ";params"). */
    static boolean isPublic(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return PUBLIC.contains(path) || PUBLIC_PREFIXES.stream().anyMatch(path::startsWith);
    }

    /** The request as seen after the check: who is calling and in which roles. */
    private static final class Caller extends HttpServletRequestWrapper {
        private final Access access;
        private final Principal principal;

        Caller(HttpServletRequest request, Access access) {
            super(request);
            this.access = access;
            String name = access == Access.ADMIN ? "admin" : "reader";
            this.principal = () -> name;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public String getRemoteUser() {
            return principal.getName();
        }

        @Override
        public boolean isUserInRole(String role) {
            return role.equals("READER") || (role.equals("ADMIN") && access == Access.ADMIN);
        }
    }
}
