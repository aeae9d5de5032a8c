package io.hypergrid.search;

import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * One grid point of a search, and the queue entry that runs it. Unique per (search, gridIndex). Every change of
 * state goes through the version column: a claim or a completion that lost a race changes nothing.
 */
@Entity
@Table(name = "trial")
public class Trial {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    Long searchId;
    int gridIndex;
    /** The configuration this trial trains: repeats of one configuration share it (without repeats, gridIndex). */
    int configIndex;
    /** Which repeat of its configuration (0 to repeats - 1); its seed is the configuration's seed + repeat. */
    int repeatIndex;
    @Embedded
    TrialParameters parameters;

    @Enumerated(EnumType.STRING)
    TrialState state;
    int attempt;
    String owner;
    Instant heartbeatAt;
    Instant startedAt;
    Instant finishedAt;
    int epochsDone;
    int claims;
    int completions;
    String failureReason;

    Double trainAccuracy;
    Double trainLoss;
    Double trainCost;
    Double validationAccuracy;
    Double validationLoss;
    Double validationCost;
    Double testAccuracy;
    Double testLoss;
    Double testCost;
    String testClassAccuracy;
    String confusion;
    Double trainingSeconds;

    @Version
    long version;

    protected Trial() {
    }

    Trial(Long searchId, int gridIndex, TrialParameters parameters) {
        this.searchId = searchId;
        this.gridIndex = gridIndex;
        this.parameters = parameters;
        this.state = TrialState.PENDING;
        this.attempt = 1;
    }

    public Long getId() {
        return id;
    }
}
