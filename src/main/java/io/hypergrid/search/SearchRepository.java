package io.hypergrid.search;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface SearchRepository extends JpaRepository<Search, Long> {
    Page<Search> findAllBy(Pageable page);

    /** The search, its version bumped on commit even if nothing else of its row changes (a retry changes trials). */
    @Lock(LockModeType.OPTIMISTIC_FORCE_INCREMENT)
    Optional<Search> findForRetryById(Long id);

    /** Records why the search stopped, once, and only if it has not failed. */
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Search s set s.stopReason = :reason, s.version = s.version + 1 where s.id = :id"
            + " and s.stopReason is null and s.failureReason is null")
    int stop(@Param("id") Long id, @Param("reason") String reason);

    /** Searches with a wall-time budget that still have trials to run: the budget's task checks them. */
    @Query(value = "select distinct s.id from search s join trial t on t.search_id = s.id where s.max_wall_seconds is not null"
            + " and s.stop_reason is null and t.state in ('PENDING', 'RUNNING')", nativeQuery = true)
    List<Long> withBudgets();
}
