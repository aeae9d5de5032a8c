package io.hypergrid.api;

import java.util.Map;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;

/** Checks page, size, k, sort and by parameters; a bad one is a 400 naming it. */
final class Paging {
    static final Map<String, String> NO_SORT = Map.of();
    private final int maxPageSize;

    Paging(int maxPageSize) {
        this.maxPageSize = maxPageSize;
    }

    Pageable page(int page, int size, String sort, Map<String, String> sortable) {
        if (page < 0) {
            throw new BadParameterException("page", "must be 0 or more");
        }
        if (size < 1 || size > maxPageSize) {
            throw new BadParameterException("size", "must be from 1 to " + maxPageSize);
        }
        Sort order = Sort.by("gridIndex");
        if (sort != null && !sort.isBlank()) {
            String[] parts = sort.split(",");
            String property = sortable.get(parts[0].strip());
            if (property == null || parts.length > 2) {
                throw new BadParameterException("sort", "unknown field '" + parts[0].strip() + "' (one of "
                        + String.join(", ", new java.util.TreeSet<>(sortable.keySet())) + ", then ,asc or ,desc)");
            }
            String direction = parts.length == 2 ? parts[1].strip().toLowerCase() : "asc";
            if (!direction.equals("asc") && !direction.equals("desc")) {
                throw new BadParameterException("sort", "direction must be asc or desc, not '" + parts[1].strip() + "'");
            }
            // nulls (trials without results yet) last either way; the grid index breaks ties deterministically
            Sort.Order o = direction.equals("desc") ? Sort.Order.desc(property) : Sort.Order.asc(property);
            order = Sort.by(o.nullsLast(), Sort.Order.asc("gridIndex"));
        }
        return PageRequest.of(page, size, sortable.isEmpty() ? Sort.unsorted() : order);
    }

    int k(int k) {
        if (k < 1 || k > maxPageSize) {
            throw new BadParameterException("k", "must be from 1 to " + maxPageSize);
        }
        return k;
    }

    boolean byTest(String by) {
        if (!by.equals("validation") && !by.equals("test")) {
            throw new BadParameterException("by", "must be validation or test");
        }
        return by.equals("test");
    }
}
