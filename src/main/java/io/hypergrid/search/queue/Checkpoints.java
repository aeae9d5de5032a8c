package io.hypergrid.search.queue;

import io.hypergrid.training.InitialWeights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The table trial_checkpoint: one trial's weights at a successive-halving rung, exactly as it trained them. W in the
 * trial's dtype (a float32 trial's W holds float32 values: stored as such, it is read back exactly), b in float64
 * (the trainer keeps b in double), little-endian. Within the queue's transactions.
 */
final class Checkpoints {
    private final JdbcTemplate jdbc;

    Checkpoints(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void save(Long trialId, int epoch, boolean float64, InitialWeights checkpoint) {
        int weights = checkpoint.classes() * checkpoint.dimensions();
        double[] v = checkpoint.values();
        ByteBuffer bytes = ByteBuffer.allocate(weights * (float64 ? 8 : 4) + checkpoint.classes() * 8)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < weights; i++) {
            if (float64) {
                bytes.putDouble(v[i]);
            } else {
                bytes.putFloat((float) v[i]);
            }
        }
        for (int i = weights; i < v.length; i++) {
            bytes.putDouble(v[i]);
        }
        drop(trialId);
        jdbc.update("insert into trial_checkpoint (trial_id, epoch, classes, features, weights) values (?, ?, ?, ?, ?)",
                trialId, epoch, checkpoint.classes(), checkpoint.dimensions(), bytes.array());
    }

    InitialWeights load(Long trialId, int epoch, boolean float64) {
        return jdbc.queryForObject("select classes, features, weights from trial_checkpoint where trial_id = ?"
                + " and epoch = ?", (rs, i) -> {
                    int classes = rs.getInt(1);
                    int features = rs.getInt(2);
                    ByteBuffer bytes = ByteBuffer.wrap(rs.getBytes(3)).order(ByteOrder.LITTLE_ENDIAN);
                    double[] v = new double[classes * features + classes];
                    for (int j = 0; j < classes * features; j++) {
                        v[j] = float64 ? bytes.getDouble() : bytes.getFloat();
                    }
                    for (int j = classes * features; j < v.length; j++) {
                        v[j] = bytes.getDouble();
                    }
                    return new InitialWeights(classes, features, v);
                }, trialId, epoch);
    }

    /** Once the trial has ended: its weights are no longer needed (trial.checkpoint_epoch stays, see V6). */
    void drop(Long trialId) {
        jdbc.update("delete from trial_checkpoint where trial_id = ?", trialId);
    }
}
