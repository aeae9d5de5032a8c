package io.hypergrid.search;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The trial_weights table: one float32 little-endian blob per succeeded trial (120 KiB for CIFAR-10), read only when
 * someone asks for that trial's picture. Plain JDBC: the blob never passes through an entity that a list could load.
 */
@Repository
public class TrialWeightsStore {
    private final JdbcTemplate jdbc;

    TrialWeightsStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Replaces the trial's weights; the caller fences it (the trial's completion in the same transaction). */
    void save(Long trialId, int classes, int features, double[] wThenB) {
        if (wThenB.length != classes * features + classes) {
            throw new IllegalArgumentException(wThenB.length + " weights are not " + classes + " x (" + features + " + 1)");
        }
        ByteBuffer bytes = ByteBuffer.allocate(wThenB.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : wThenB) {
            bytes.putFloat((float) v);
        }
        delete(trialId);
        jdbc.update("insert into trial_weights (trial_id, classes, features, weights) values (?, ?, ?, ?)",
                trialId, classes, features, bytes.array());
    }

    void delete(Long trialId) {
        jdbc.update("delete from trial_weights where trial_id = ?", trialId);
    }

    @Transactional(readOnly = true)
    public Optional<TrialWeights> find(Long trialId) {
        List<TrialWeights> found = jdbc.query("select classes, features, weights from trial_weights where trial_id = ?",
                (rs, i) -> decode(trialId, rs.getInt(1), rs.getInt(2), rs.getBytes(3)), trialId);
        return found.stream().findFirst();
    }

    private static TrialWeights decode(Long trialId, int classes, int features, byte[] blob) {
        ByteBuffer bytes = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        float[] w = new float[classes * features];
        float[] b = new float[classes];
        bytes.asFloatBuffer().get(w).get(b);
        return new TrialWeights(trialId, classes, features, w, b);
    }
}
