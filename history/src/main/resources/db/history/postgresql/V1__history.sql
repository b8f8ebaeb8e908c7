-- Transaction history, PostgreSQL. Same tables and columns as ../sqlite/V1__history.sql; here
-- transfers are partitioned by month of batch time (Asia/Shanghai). The projector creates each
-- month's partition, in the transaction that writes its first row; there is no default
-- partition, so a row without its month fails loudly instead of piling up in a catch-all.
-- position = sequence * 2^24 + row_number (see the SQLite file).

create table projection_position (
    id              integer primary key check (id = 1),
    sequence        bigint  not null,
    chain_hash      bytea   not null,
    time_ms         bigint  not null
);
insert into projection_position (id, sequence, chain_hash, time_ms) values (1, 0, decode(repeat('00', 32), 'hex'), 0);

create table batches (
    sequence        bigint  primary key,
    time_ms         bigint  not null,
    commands        integer not null,
    transfers       integer not null,
    account_changes integer not null
);
create index batches_by_time on batches (time_ms);

create table transfers (
    position            bigint  not null,
    sequence            bigint  not null,
    row_number          integer not null,
    command_index       integer not null,
    time_ms             bigint  not null,
    event_type          integer not null,
    transfer_id         bigint  not null,
    code                integer not null,
    debit_id            bigint  not null,
    credit_id           bigint  not null,
    amount_fen          bigint  not null check (amount_fen >= 0),
    reference           bigint  not null,
    debit_balance_fen   bigint  not null,
    credit_balance_fen  bigint  not null,
    debit_operator_id   bigint  not null,
    credit_operator_id  bigint  not null,
    -- a partitioned table's key must hold the partition column
    primary key (position, time_ms)
) partition by range (time_ms);
create index transfers_by_id on transfers (transfer_id);
create index transfers_by_debit on transfers (debit_id, position);
create index transfers_by_credit on transfers (credit_id, position);

create table account_changes (
    position            bigint  primary key,
    sequence            bigint  not null,
    row_number          integer not null,
    command_index       integer not null,
    time_ms             bigint  not null,
    event_type          integer not null,
    event_id            bigint  not null,
    account_id          bigint  not null,
    counterparty_id     bigint  not null,
    code                integer not null,
    amount_fen          bigint  not null,
    reference           bigint  not null,
    operator_id         bigint  not null
);
create index account_changes_by_account on account_changes (account_id, position);
