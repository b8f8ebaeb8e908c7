-- Nothing reads account changes by account (no query, no route): the index only cost each
-- projected account change a B-tree insert.
drop index account_changes_by_account;

-- The secondary indexes of transfers that the projector dropped for a bulk catch-up into an
-- empty history, with their definitions as the catalog held them (so the migrations stay the
-- one place that defines them). The projector re-creates them in the transaction that ends the
-- catch-up, or at its next start after a crash; the table is empty the rest of the time.
create table deferred_indexes (
    name        text primary key,
    definition  text not null
);
