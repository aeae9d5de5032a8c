package io.hypergrid.api;

import java.util.List;
import org.springframework.data.domain.Page;

/** One page of a list: its items and where it stands (a stable JSON shape, unlike Spring's Page). */
public record PageView<T>(List<T> items, int page, int size, long totalItems, int totalPages) {
    static <T> PageView<T> of(Page<T> p) {
        return new PageView<>(p.getContent(), p.getNumber(), p.getSize(), p.getTotalElements(), p.getTotalPages());
    }
}
