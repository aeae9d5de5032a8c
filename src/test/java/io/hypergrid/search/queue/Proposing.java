package io.hypergrid.search.queue;

import io.hypergrid.search.SearchService;
import io.hypergrid.search.submission.SubmitSearch;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A search whose strategy proposes every point at claim time, through the proposal seam, instead of at submit:
 * submitted as usual, its trials as stored at submit kept as the expected answer, then taken away and the search
 * marked as still proposing. Grid and random propose the same points later as at submit.
 */
public final class Proposing {
    private Proposing() {
    }

    /** A trial as the comparison sees it: where it stands in the search and what it trains. */
    public record Row(int gridIndex, int configIndex, int repeatIndex, double lambda, double eta, int batchSize,
                      long seed, String loss) {
    }

    public static final String ROWS = "select grid_index, config_index, repeat_index, lambda, eta, batch_size, seed,"
            + " loss from trial where search_id = ? order by grid_index";

    /** Submits the request, keeps its trials as the expected rows, and leaves the search to propose them again. */
    public static long submit(SearchService searches, JdbcTemplate db, SubmitSearch request, List<Row> expected) {
        long id = searches.submit(request).id();
        expected.addAll(rows(db, id));
        db.update("delete from trial where search_id = ?", id);
        db.update("update search set proposing = true where id = ?", id);
        return id;
    }

    public static List<Row> rows(JdbcTemplate db, long searchId) {
        return db.query(ROWS, (rs, i) -> new Row(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getDouble(4),
                rs.getDouble(5), rs.getInt(6), rs.getLong(7), rs.getString(8)), searchId);
    }
}
