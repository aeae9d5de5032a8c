package io.hypergrid.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hypergrid.search.ranking.TopTrial;
import io.hypergrid.search.trial.Progress;
import org.springframework.stereotype.Component;

/**
 * The progress and best trial of finished searches, kept in memory: a finished search's trials change only by a
 * retry, which bumps the search's version, so a summary is valid for the version it was read at (on every instance:
 * the version is read with the search's row). Lists of mostly finished searches then read no trial at all.
 */
@Component
class FinishedSearches {
    /** A few hundred bytes each. */
    private static final int MOST = 10_000;

    record Summary(long version, Progress progress, TopTrial best) {
    }

    private final Cache<Long, Summary> summaries = Caffeine.newBuilder().maximumSize(MOST).build();

    /** The summary of the search as it is now, if it finished and was read before. */
    Summary get(Search search) {
        Summary s = summaries.getIfPresent(search.getId());
        return s != null && s.version() == search.getVersion() ? s : null;
    }

    /** Keeps the summary if the search has finished (no trial pending or running, nothing more to propose). */
    void offer(Search search, SearchState state, Progress progress, TopTrial best) {
        if (state.ordinal() >= SearchState.SUCCEEDED.ordinal()) {
            summaries.put(search.getId(), new Summary(search.getVersion(), progress, best));
        }
    }
}
