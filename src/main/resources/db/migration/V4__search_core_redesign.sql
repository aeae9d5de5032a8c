-- The search core, redesigned. Portable SQL (H2, PostgreSQL).

-- initStd, the standard deviation of the initial weights: a trial parameter (the assignment's 0.01 before)
alter table trial add column init_std double precision not null default 0.01;

-- why a trial ended before its last epoch without failing (cancelled, pruned): no longer a failure reason
alter table trial add column stop_reason varchar(1000);
update trial set stop_reason = failure_reason, failure_reason = null where state in ('CANCELLED', 'PRUNED');

-- the early-stopping rule in force, as one JSON value of its own shape, instead of a column per setting of any rule
alter table search alter column early_stopping set data type varchar(1000);
update search set early_stopping = '{"type":"median","warmupEpochs":' || warmup_epochs || ',"minTrials":'
    || min_trials || '}' where early_stopping = 'median';
update search set early_stopping = '{"type":"successiveHalving","minEpochs":' || min_epochs
    || ',"reductionFactor":' || reduction_factor || '}' where early_stopping = 'successiveHalving';
alter table search drop column warmup_epochs;
alter table search drop column min_trials;
alter table search drop column min_epochs;
alter table search drop column reduction_factor;

-- the proposal seam: the strategy and its search space (JSON), and whether the strategy still owes points
alter table search add column strategy_spec varchar(100000);
alter table search add column space varchar(1000000);
alter table search add column proposing boolean not null default false;
create index search_proposing on search (proposing);
