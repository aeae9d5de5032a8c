package io.hypergrid.search;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface SearchRepository extends JpaRepository<Search, Long> {
    /** Locks the search row: claims of one parallel-limited search are serialised across all instances. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from Search s where s.id = :id")
    Optional<Search> lockById(@Param("id") Long id);

    /** Records why the search stopped, once, and only if it has not failed. */
    @org.springframework.data.jpa.repository.Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Search s set s.stopReason = :reason, s.version = s.version + 1 where s.id = :id"
            + " and s.stopReason is null and s.failureReason is null")
    int stop(@Param("id") Long id, @Param("reason") String reason);
}
