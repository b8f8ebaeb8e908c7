package org.tongbao.history;

import java.sql.SQLException;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.journal.JournalReader;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.event.LedgerEvents;
import org.tongbao.history.store.HistoryLocation;

/**
 * What the history must hold, counted independently of the projector: a replay of the whole
 * journal from genesis, counting money rows (TRANSFER and PENDING_POSTED), their amounts, the
 * other event rows and the batches; and the same figures read from a history database.
 */
record JournalTotals(long batches, long transfers, long amountFen, long accountChanges, Ledger ledger) {

    static JournalTotals of(final DataDirectory data, final LedgerConfig config) {
        final Ledger ledger = new Ledger(config);
        final CommandBatch batch = new CommandBatch(config.batchMax());
        final BatchOutcome outcome = new BatchOutcome(config.batchMax());
        final long[] totals = new long[4];
        JournalReader.scan(data.journal(), record -> {
            record.commandsInto(batch);
            ledger.apply(record.sequence(), record.timestampMs(), batch, outcome);
            final LedgerEvents events = outcome.events();
            for (int row = 0; row < events.count(); row++) {
                if (events.type(row).movesMoney()) {
                    totals[1]++;
                    totals[2] += events.amountFen(row);
                } else {
                    totals[3]++;
                }
            }
            totals[0]++;
        });
        return new JournalTotals(totals[0], totals[1], totals[2], totals[3], ledger);
    }

    /** The same figures as stored, plus the distinct positions of transfer rows (a duplicate would show). */
    static JournalTotals stored(final HistoryLocation location) throws SQLException {
        return new JournalTotals(TestDatabases.queryLong(location, "select count(*) from batches"),
                TestDatabases.queryLong(location, "select count(*) from transfers"),
                TestDatabases.queryLong(location, "select coalesce(sum(amount_fen), 0) from transfers"),
                TestDatabases.queryLong(location, "select count(*) from account_changes"), null);
    }

    static long distinctTransferRows(final HistoryLocation location) throws SQLException {
        return TestDatabases.queryLong(location, "select count(*) from (select distinct sequence, row_number from transfers) d");
    }

    boolean sameCounts(final JournalTotals other) {
        return batches == other.batches && transfers == other.transfers && amountFen == other.amountFen
                && accountChanges == other.accountChanges;
    }

    @Override
    public String toString() {
        return "batches=" + batches + " transfers=" + transfers + " amountFen=" + amountFen + " accountChanges="
                + accountChanges;
    }
}
