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
}
