-- Transaction history, SQLite. Same tables and columns as ../postgresql/V1__history.sql.
-- position = sequence * 2^24 + row_number: one integer orders every event of the journal, and is
-- the keyset cursor of every query. On SQLite it is the rowid, so rows append in order and each
-- index holds (key, position) only.

-- Where the projection is: the last journal batch whose rows are all here, and its chain hash.
-- Written in the same transaction as the rows: exactly once across any crash.
create table projection_position (
    id              integer primary key check (id = 1),
    sequence        integer not null,
    chain_hash      blob    not null,
    time_ms         integer not null
);
insert into projection_position (id, sequence, chain_hash, time_ms) values (1, 0, zeroblob(32), 0);

-- One row per projected batch: turns a period into a position range, and counts what it held.
create table batches (
    sequence        integer primary key,
    time_ms         integer not null,
    commands        integer not null,
    transfers       integer not null,
    account_changes integer not null
);
create index batches_by_time on batches (time_ms);

-- Committed money movements: TRANSFER rows and the posted part of pending transfers.
-- *_balance_fen: that account's balance right after this row (running balance of statements).
-- *_operator_id: the operator bank the account is held at (its own id for an operator reserve).
-- They have no index on purpose: every index costs each projected row a B-tree insert (the two
-- operator indexes took a quarter of the projection rate), and an operator's listing reads the
-- transfers newest first and keeps its own, which stays cheap while each operator holds a fair
-- share of the pilot's wallets (about 1 in 11 in Suzhou).
create table transfers (
    position            integer primary key,
    sequence            integer not null,
    row_number          integer not null,
    command_index       integer not null,
    time_ms             integer not null,
    event_type          integer not null,
    transfer_id         integer not null,
    code                integer not null,
    debit_id            integer not null,
    credit_id           integer not null,
    amount_fen          integer not null check (amount_fen >= 0),
    reference           integer not null,
    debit_balance_fen   integer not null,
    credit_balance_fen  integer not null,
    debit_operator_id   integer not null,
    credit_operator_id  integer not null
);
create index transfers_by_id on transfers (transfer_id);
create index transfers_by_debit on transfers (debit_id);
create index transfers_by_credit on transfers (credit_id);

-- Every other event: accounts opened, tier changes, freezes, closes, enterprise profiles,
-- pending transfers created, voided and expired, campaigns created and closed, loan events.
-- account_id is the event's first account (the debit side), counterparty_id the second or 0.
create table account_changes (
    position            integer primary key,
    sequence            integer not null,
    row_number          integer not null,
    command_index       integer not null,
    time_ms             integer not null,
    event_type          integer not null,
    event_id            integer not null,
    account_id          integer not null,
    counterparty_id     integer not null,
    code                integer not null,
    amount_fen          integer not null,
    reference           integer not null,
    operator_id         integer not null
);
create index account_changes_by_account on account_changes (account_id);
