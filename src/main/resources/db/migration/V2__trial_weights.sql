-- The final weights of a succeeded trial, in a table of their own so that lists and top-k never read them.
-- bytea: PostgreSQL's binary type; H2 2.x accepts it as an alias of BINARY VARYING.

create table trial_weights (
    trial_id            bigint         not null primary key references trial (id),
    classes             integer        not null,     -- K
    features            integer        not null,     -- d
    weights             bytea          not null      -- float32 little-endian: W (K x d, row-major), then b (K)
);
