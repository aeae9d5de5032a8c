package io.hypergrid.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A query parameter the endpoint does not take ({@code ?pgae=2}), or one given twice ({@code ?k=1&k=50}), is a 400
 * naming it rather than silently ignored: a typo must not look like a default. Each endpoint's own parameters are then
 * checked by the endpoint ({@link Paging} and the controllers).
 */
@Configuration(proxyBeanMethods = false)
class QueryParameters implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String query = request.getQueryString();
        if (!(handler instanceof HandlerMethod method) || query == null || query.isEmpty()) {
            return true;
        }
        Set<String> allowed = new TreeSet<>();
        boolean checksItsOwn = false; // a @RequestParam Map takes any name: the endpoint checks each (the heatmap)
        for (java.lang.reflect.Parameter p : method.getMethod().getParameters()) {
            RequestParam rp = p.getAnnotation(RequestParam.class);
            if (rp != null && java.util.Map.class.isAssignableFrom(p.getType())) {
                checksItsOwn = true;
            } else if (rp != null) {
                allowed.add(!rp.name().isEmpty() ? rp.name() : !rp.value().isEmpty() ? rp.value() : p.getName());
            }
        }
        Set<String> seen = new HashSet<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String name = decode(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair);
            if (!checksItsOwn && !allowed.contains(name)) {
                throw new BadParameterException(name, allowed.isEmpty() ? "this endpoint takes no query parameters"
                        : "unknown parameter (this endpoint takes " + String.join(", ", allowed) + ")");
            }
            if (!seen.add(name)) {
                throw new BadParameterException(name, "given more than once");
            }
        }
        return true;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }
}
