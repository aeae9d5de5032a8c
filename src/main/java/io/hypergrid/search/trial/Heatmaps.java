package io.hypergrid.search.trial;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import io.hypergrid.search.parameter.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A search's heatmap over two dimensions, aggregated here: one pass over the matching trials' few columns (no JSON
 * column, no entity), kept as one small accumulator per cell. The same heatmap asked for again within a second is
 * answered from memory, and asked for at once by several pages it is computed once: ten dashboards on a search of
 * 100,000 trials would otherwise each read all of them every few seconds.
 */
@Service
@Transactional(readOnly = true)
public class Heatmaps {
    /** How a cell of several trials (repeats, or dimensions not held) is summed up. */
    public enum Aggregate { BEST, MEAN }

    /** How old a heatmap served from memory may be: a live page's refresh interval is 2 s. */
    static final Duration FRESH = Duration.ofSeconds(1);
    /** The cells kept in memory at most, over all heatmaps: ten of 100,000 cells. */
    static final long MAX_CELLS_KEPT = 1_000_000;

    private final JdbcTemplate jdbc;
    private final Cache<Key, Heatmap> recent;

    /**
     * {@code unfinished}: the search's pending and running trials when asked; a trial that ends changes it, so a page's
     * last refresh (at a search's end its stream stops) never gets a heatmap from before the end.
     */
    private record Key(Long searchId, Parameter<?> x, Parameter<?> y, Map<Parameter<?>, Object> filter,
                       Aggregate aggregate, long unfinished) {
    }

    @Autowired
    Heatmaps(JdbcTemplate jdbc) {
        this(jdbc, Ticker.systemTicker());
    }

    /** With the clock a test moves. */
    Heatmaps(JdbcTemplate jdbc, Ticker ticker) {
        this.jdbc = jdbc;
        // weighed by cells: a few large heatmaps, not a count of them, are what fills the heap; and removed when they
        // expire, not at the next use
        this.recent = Caffeine.newBuilder().expireAfterWrite(FRESH).ticker(ticker)
                .scheduler(Scheduler.systemScheduler()).maximumWeight(MAX_CELLS_KEPT)
                .<Key, Heatmap>weigher((k, map) -> 1 + map.cells().size()).build();
    }

    /**
     * The heatmap of x against y over the search's trials that have the filter's values.
     *
     * @param filter dimensions held at one value each, values of the parameter's type
     */
    public Heatmap of(Long searchId, Parameter<?> x, Parameter<?> y, Map<Parameter<?>, Object> filter,
                      Aggregate aggregate) {
        long unfinished = jdbc.queryForObject("select count(*) from trial where search_id = ? and state in"
                + " ('PENDING', 'RUNNING')", Long.class, searchId);
        return recent.get(new Key(searchId, x, y, Map.copyOf(filter), aggregate, unfinished),
                k -> compute(searchId, x, y, filter, aggregate));
    }

    private Heatmap compute(Long searchId, Parameter<?> x, Parameter<?> y, Map<Parameter<?>, Object> filter,
                            Aggregate aggregate) {
        StringBuilder sql = new StringBuilder("select ").append(x.column()).append(", ").append(y.column())
                .append(", id, state, validation_accuracy, test_accuracy, epochs_done, epochs from trial"
                        + " where search_id = ?");
        List<Object> args = new ArrayList<>();
        args.add(searchId);
        Map<String, Object> asked = new LinkedHashMap<>();
        filter.forEach((p, v) -> {
            sql.append(" and ").append(p.column()).append(" = ?"); // columns from the table of parameters only
            args.add(v);
            asked.put(p.name(), v);
        });
        sql.append(" order by grid_index");
        Map<List<Object>, Acc> cells = new HashMap<>();
        TreeSet<Object> xs = new TreeSet<>();
        TreeSet<Object> ys = new TreeSet<>();
        int[] trials = {0};
        jdbc.query(sql.toString(), rs -> {
            Object xv = x.value(rs.getObject(1));
            Object yv = y.value(rs.getObject(2));
            xs.add(xv);
            ys.add(yv);
            trials[0]++;
            cells.computeIfAbsent(List.of(xv, yv), k -> new Acc()).add(rs.getLong(3),
                    TrialState.valueOf(rs.getString(4)), (Double) rs.getObject(5), (Double) rs.getObject(6),
                    rs.getInt(7), rs.getInt(8));
        }, args.toArray());
        List<Object> xValues = List.copyOf(xs);
        List<Object> yValues = List.copyOf(ys);
        Map<Object, Integer> xIndex = index(xValues);
        Map<Object, Integer> yIndex = index(yValues);
        List<Heatmap.Cell> out = new ArrayList<>(cells.size());
        Double min = null, max = null;
        Long best = null;
        for (Map.Entry<List<Object>, Acc> e : cells.entrySet()) {
            Heatmap.Cell c = e.getValue().cell(xIndex.get(e.getKey().get(0)), yIndex.get(e.getKey().get(1)), aggregate);
            out.add(c);
            if (c.value() != null && c.prunedAt() == null) {
                min = min == null ? c.value() : Math.min(min, c.value());
                if (max == null || c.value() > max) {
                    max = c.value();
                    best = c.trialId();
                }
            }
        }
        out.sort((a, b) -> a.xi() != b.xi() ? Integer.compare(a.xi(), b.xi()) : Integer.compare(a.yi(), b.yi()));
        return new Heatmap(searchId, x.name(), y.name(), aggregate.name().toLowerCase(java.util.Locale.ROOT), asked,
                xValues, yValues, min, max, best, trials[0], out);
    }

    private static Map<Object, Integer> index(List<Object> values) {
        Map<Object, Integer> out = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            out.put(values.get(i), i);
        }
        return out;
    }

    /** One cell's trials so far, read in grid order. */
    private static final class Acc {
        long first = -1;
        int count, succeeded, pruned, running, pending, failed, epochsDone, epochs;
        double sum, testSum, prunedSum;
        int testCount;
        Double bestValue, bestTest, bestPruned;
        long bestId = -1, bestPrunedId = -1;
        int prunedAt;

        void add(long id, TrialState state, Double validation, Double test, int done, int total) {
            if (first < 0) {
                first = id;
            }
            count++;
            epochsDone += done;
            epochs += total;
            switch (state) {
                case SUCCEEDED -> {
                    if (validation != null) {
                        succeeded++;
                        sum += validation;
                        if (test != null) {
                            testSum += test;
                            testCount++;
                        }
                        if (bestValue == null || validation > bestValue) { // ties: the first in grid order
                            bestValue = validation;
                            bestTest = test;
                            bestId = id;
                        }
                    }
                }
                case PRUNED -> {
                    if (validation != null) {
                        pruned++;
                        prunedSum += validation;
                        prunedAt = Math.max(prunedAt, done);
                        if (bestPruned == null || validation > bestPruned) {
                            bestPruned = validation;
                            bestPrunedId = id;
                        }
                    }
                }
                case RUNNING -> running++;
                case PENDING -> pending++;
                case FAILED -> failed++;
                default -> { }
            }
        }

        Heatmap.Cell cell(int xi, int yi, Aggregate aggregate) {
            boolean mean = aggregate == Aggregate.MEAN;
            String state = succeeded > 0 ? "SUCCEEDED" : running > 0 ? "RUNNING" : pending > 0 ? "PENDING"
                    : pruned > 0 ? "PRUNED" : failed > 0 ? "FAILED" : "CANCELLED";
            if (succeeded > 0) {
                return new Heatmap.Cell(xi, yi, mean ? sum / succeeded : bestValue,
                        mean ? (testCount == 0 ? null : testSum / testCount) : bestTest, bestId, state, count,
                        succeeded, epochsDone, epochs, null);
            }
            if (pruned > 0) {
                return new Heatmap.Cell(xi, yi, mean ? prunedSum / pruned : bestPruned, null, bestPrunedId, state,
                        count, pruned, epochsDone, epochs, prunedAt);
            }
            return new Heatmap.Cell(xi, yi, null, null, first, state, count, 0, epochsDone, epochs, null);
        }
    }
}
