-- Who wrote each epoch row, and when (the database clock): the worker's owner name (host:pid:random) and the time of
-- its transaction. Lets a test (and an operator) see that no instance wrote a curve after it stopped or lost the trial.
-- Nullable: rows written before this migration have neither.
alter table epoch_metric add column written_by varchar(120);
alter table epoch_metric add column written_at timestamp(6) with time zone;
