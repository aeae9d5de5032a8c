-- Successive halving's checkpoints: a trial that passes a rung stops there, its weights stored, and waits (pending)
-- to go on from them in one stack with the other survivors of its rung and batch size. A claim of a trial with a
-- checkpoint resumes after checkpoint_epoch (its curve up to there kept); no checkpoint: from the start. The end of
-- the trial drops the weights and keeps checkpoint_epoch: the epoch rows up to it came from its earlier claims.
alter table trial add column checkpoint_epoch integer;
-- paused at a rung, waiting for a full stack; false again once claimed (a resumed trial a worker hands back, by a
-- drain or a lost lease, goes on at the next claim like any pending trial)
alter table trial add column paused boolean not null default false;

create table trial_checkpoint (
    trial_id            bigint         not null primary key references trial (id),
    epoch               integer        not null,     -- the weights after this epoch (= trial.checkpoint_epoch)
    classes             integer        not null,     -- K
    features            integer        not null,     -- d
    weights             bytea          not null      -- little-endian: W (K x d, row-major) in the trial's dtype
                                                     -- (float32: 4 bytes a value, float64: 8), then b (K) in float64
);
