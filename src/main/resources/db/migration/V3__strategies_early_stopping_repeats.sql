-- Beyond the grid: random search, early stopping, repeats, search-level stop conditions. Portable SQL (H2, PostgreSQL).

alter table search add column strategy varchar(16) not null default 'grid';        -- grid | random
alter table search add column sample_seed bigint;                                  -- random: the sampler's seed
alter table search add column repeats integer not null default 1;                  -- seeds per configuration
alter table search add column early_stopping varchar(32);                          -- null | median | successiveHalving
alter table search add column warmup_epochs integer;                               -- median rule
alter table search add column min_trials integer;                                  -- median rule
alter table search add column min_epochs integer;                                  -- successive halving: first rung
alter table search add column reduction_factor integer;                            -- successive halving
alter table search add column target_validation_accuracy double precision;
alter table search add column max_wall_seconds double precision;
alter table search add column stop_reason varchar(1000);                           -- why the search ended early, not failing

-- the configuration (point of the space) a trial trains; repeats of one configuration share it
alter table trial add column config_index integer not null default 0;
alter table trial add column repeat_index integer not null default 0;
update trial set config_index = grid_index;

create index trial_search_config on trial (search_id, config_index);
