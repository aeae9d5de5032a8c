package io.hypergrid.search.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Where the queue's SQL differs between databases (design §3). Every claim is a conditional update on the row's
 * version, so only one claimer can win on any database; where the database can, candidates are also selected
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent claimers on other instances take other rows instead of racing.
 */
interface QueueDialect {
    /** {@code select} made into a select of claim candidates. */
    String candidates(String select);

    /** The dialect of the database behind this data source. */
    static QueueDialect of(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            return product.contains("postgres") ? new SkipLocked() : new Portable();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database this is", e);
        }
    }

    /** PostgreSQL: candidates locked, rows other transactions hold skipped. */
    final class SkipLocked implements QueueDialect {
        @Override
        public String candidates(String select) {
            return select + " for update skip locked";
        }
    }

    /** Any database (H2): plain selects; the conditional update alone decides who claims. */
    final class Portable implements QueueDialect {
        @Override
        public String candidates(String select) {
            return select;
        }
    }
}
