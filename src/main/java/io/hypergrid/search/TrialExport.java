package io.hypergrid.search;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * A search's trials as CSV or JSON (parameters, state, final metrics, timing), written as they are read: pages of
 * {@value #PAGE} trials in grid order, each page found from the last grid index written (keyset paging on the
 * (search, grid index) key), so memory holds one page whatever the search's size and no transaction or cursor stays
 * open while a slow client reads. Trials that change state during an export show the state of their page's read.
 */
@Service
public class TrialExport {
    static final int PAGE = 1000;

    /** The columns, in the API's names: CSV header and JSON fields alike. */
    static final List<String> COLUMNS = List.of("trialId", "gridIndex", "configIndex", "repeatIndex", "dataset",
            "split", "lambda", "eta", "batchSize", "epochs", "loss", "decayEvery", "decayFactor", "shuffle", "seed",
            "dtype", "state", "attempt", "epochsDone", "trainAccuracy", "trainLoss", "trainCost",
            "validationAccuracy", "validationLoss", "validationCost", "testAccuracy", "testLoss", "testCost",
            "trainingSeconds", "startedAt", "finishedAt", "failureReason");

    private static final String SELECT = "select id, grid_index, config_index, repeat_index, dataset, split, lambda,"
            + " eta, batch_size, epochs, loss, decay_every, decay_factor, shuffle, seed, dtype, state, attempt,"
            + " epochs_done, train_accuracy, train_loss, train_cost, validation_accuracy, validation_loss,"
            + " validation_cost, test_accuracy, test_loss, test_cost, training_seconds, started_at, finished_at,"
            + " failure_reason from trial where search_id = ? and grid_index > ? order by grid_index"
            + " fetch first " + PAGE + " rows only";

    public enum Format { CSV, JSON }

    private final JdbcTemplate jdbc;
    private final SearchRepository searches;

    public TrialExport(JdbcTemplate jdbc, SearchRepository searches) {
        this.jdbc = jdbc;
        this.searches = searches;
    }

    /** @throws SearchNotFoundException before anything is written */
    public void requireSearch(Long searchId) {
        if (!searches.existsById(searchId)) {
            throw new SearchNotFoundException("search", searchId);
        }
    }

    /** Writes every trial of the search; returns how many. Does not close {@code out}. */
    public long write(Long searchId, Format format, OutputStream out) throws IOException {
        Writer w = new java.io.BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        if (format == Format.CSV) {
            w.write(String.join(",", COLUMNS));
            w.write("\n");
        } else {
            w.write("[");
        }
        long written = 0;
        int after = -1;
        while (true) {
            Page page = new Page(w, format, written);
            try {
                jdbc.query(SELECT, page, searchId, after);
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause(); // the client went away
            }
            written = page.written;
            w.flush();
            if (page.rows < PAGE) {
                break;
            }
            after = page.lastGridIndex;
        }
        w.write(format == Format.CSV ? "" : "]\n");
        w.flush();
        return written;
    }

    /** Writes the rows of one page as they come from the result set. */
    private static final class Page implements org.springframework.jdbc.core.RowCallbackHandler {
        private final Writer w;
        private final Format format;
        long written;
        int rows;
        int lastGridIndex;

        Page(Writer w, Format format, long written) {
            this.w = w;
            this.format = format;
            this.written = written;
        }

        @Override
        public void processRow(ResultSet rs) throws SQLException {
            try {
                if (format == Format.JSON) {
                    w.write(written == 0 ? "\n{" : ",\n{");
                }
                for (int i = 0; i < COLUMNS.size(); i++) {
                    Object v = value(rs, i + 1);
                    if (format == Format.CSV) {
                        if (i > 0) {
                            w.write(',');
                        }
                        w.write(csv(v));
                    } else {
                        if (i > 0) {
                            w.write(',');
                        }
                        w.write('"');
                        w.write(COLUMNS.get(i));
                        w.write("\":");
                        w.write(json(v));
                    }
                }
                w.write(format == Format.CSV ? "\n" : "}");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            lastGridIndex = rs.getInt(2);
            rows++;
            written++;
        }

        private static Object value(ResultSet rs, int column) throws SQLException {
            return switch (column) {
                case 30, 31 -> {
                    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
                    yield t == null ? null : t.toInstant().toString();
                }
                case 14 -> rs.getBoolean(column);
                default -> {
                    Object v = rs.getObject(column);
                    yield v instanceof Number n && !(v instanceof Double) && !(v instanceof Float)
                            ? (Object) n.longValue() : v;
                }
            };
        }
    }

    static String csv(Object v) {
        if (v == null) {
            return "";
        }
        String s = String.valueOf(v);
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    static String json(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d.toString() : "null";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        String s = v.toString();
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
