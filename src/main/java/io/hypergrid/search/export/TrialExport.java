package io.hypergrid.search.export;

import io.hypergrid.search.parameter.Parameter;
import io.hypergrid.search.parameter.Parameters;
import io.hypergrid.search.parameter.TrialParameters;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

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
    static final List<String> COLUMNS;
    private static final String SELECT;

    static {
        List<String> columns = new ArrayList<>(List.of("trialId", "gridIndex", "configIndex", "repeatIndex"));
        Parameters.ALL.forEach(p -> columns.add(p.name()));
        columns.addAll(List.of("state", "attempt", "epochsDone", "trainAccuracy", "trainLoss", "trainCost",
                "validationAccuracy", "validationLoss", "validationCost", "testAccuracy", "testLoss", "testCost",
                "trainingSeconds", "startedAt", "finishedAt", "failureReason", "stopReason"));
        COLUMNS = List.copyOf(columns);
        SELECT = "select id, grid_index, config_index, repeat_index, " + Parameters.columns() + ", state, attempt,"
                + " epochs_done, train_accuracy, train_loss, train_cost, validation_accuracy, validation_loss,"
                + " validation_cost, test_accuracy, test_loss, test_cost, training_seconds, started_at, finished_at,"
                + " failure_reason, stop_reason from trial where search_id = ? and grid_index > ? order by grid_index"
                + " fetch first " + PAGE + " rows only";
    }

    public enum Format { CSV, JSON }

    // the caller owns the response stream: closing a sequence of rows must not close it
    private static final CsvMapper CSV = CsvMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();
    private static final CsvSchema HEADER = CsvSchema.builder().addColumns(COLUMNS, CsvSchema.ColumnType.STRING)
            .build().withHeader();
    private static final JsonMapper JSON = JsonMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private final JdbcTemplate jdbc;

    TrialExport(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One trial as exported: its values in {@link #COLUMNS} order. */
    record Row(List<Object> values) {
        static Row read(ResultSet rs) throws SQLException {
            List<Object> v = new ArrayList<>(COLUMNS.size());
            v.add(rs.getLong("id"));
            v.add(rs.getInt("grid_index"));
            v.add(rs.getInt("config_index"));
            v.add(rs.getInt("repeat_index"));
            TrialParameters parameters = TrialParameters.read(rs);
            for (Parameter<?> p : Parameters.ALL) {
                v.add(parameters.get(p));
            }
            v.add(rs.getString("state"));
            v.add(rs.getInt("attempt"));
            v.add(rs.getInt("epochs_done"));
            for (String column : List.of("train_accuracy", "train_loss", "train_cost", "validation_accuracy",
                    "validation_loss", "validation_cost", "test_accuracy", "test_loss", "test_cost", "training_seconds")) {
                double d = rs.getDouble(column);
                v.add(rs.wasNull() || !Double.isFinite(d) ? null : d);
            }
            for (String column : List.of("started_at", "finished_at")) {
                OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
                v.add(t == null ? null : t.toInstant().toString());
            }
            v.add(rs.getString("failure_reason"));
            v.add(rs.getString("stop_reason"));
            return new Row(v);
        }

        Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < COLUMNS.size(); i++) {
                m.put(COLUMNS.get(i), values.get(i));
            }
            return m;
        }
    }

    /** Writes every trial of the search; returns how many. Does not close {@code out}. */
    public long write(Long searchId, Format format, OutputStream out) throws IOException {
        Writer w = new java.io.BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        try (SequenceWriter rows = format == Format.CSV ? CSV.writer(HEADER).writeValues(w)
                : JSON.writer().writeValuesAsArray(w)) {
            long written = 0;
            int after = -1;
            while (true) {
                List<Row> page = jdbc.query(SELECT, (rs, i) -> Row.read(rs), searchId, after);
                for (Row row : page) {
                    rows.write(format == Format.CSV ? row.values() : row.fields());
                }
                rows.flush();
                written += page.size();
                if (page.size() < PAGE) {
                    break;
                }
                after = (Integer) page.get(page.size() - 1).values().get(1);
            }
            rows.close();
            w.write(format == Format.JSON ? "\n" : "");
            w.flush();
            return written;
        } catch (JacksonException e) {
            if (e.getCause() instanceof IOException io) {
                throw io; // the client went away
            }
            throw e;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
