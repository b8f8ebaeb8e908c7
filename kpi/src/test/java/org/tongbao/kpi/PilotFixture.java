package org.tongbao.kpi;

import java.time.LocalDate;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.ShanghaiCalendar;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.payment.TransferCode;

/**
 * A tiny pilot on a real ledger for platform tests: a central bank, one operator, a wallet and
 * a grocery in Gusu, a wallet and a restaurant in Kunshan; {@link #pay} makes one merchant
 * payment on a given day (noon in Shanghai) and hands the batch to the platform.
 */
final class PilotFixture {
    static final long CENTRAL_BANK = 1;
    static final long OPERATOR = 2;
    static final long GUSU_WALLET = 10;
    static final long KUNSHAN_WALLET = 11;
    static final long GUSU_GROCERY = 20;
    static final long KUNSHAN_RESTAURANT = 21;
    static final int GUSU = 320508;
    static final int KUNSHAN = 320583;

    private final Ledger ledger = new Ledger(LedgerConfig.defaults(64).withIdempotencyGeneration(1 << 12)
            .withPendingMax(16));
    private final BatchOutcome outcome = new BatchOutcome(LedgerConfig.BATCH_MAX_DEFAULT);
    private final KpiPlatform platform;
    private long sequence;
    private long nextId = 1_000;
    private long lastMs;

    PilotFixture(final KpiPlatform platform, final LocalDate firstDay) {
        this.platform = platform;
        final CommandBatch batch = new CommandBatch(64);
        Command.OpenAccount.of(CENTRAL_BANK, AccountKind.CENTRAL_BANK, 0, 0, 0, 0).appendTo(batch);
        Command.OpenAccount.of(OPERATOR, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0).appendTo(batch);
        Command.OpenAccount.of(GUSU_WALLET, AccountKind.PERSONAL, OPERATOR, 1, GUSU, 0).appendTo(batch);
        Command.OpenAccount.of(KUNSHAN_WALLET, AccountKind.PERSONAL, OPERATOR, 1, KUNSHAN, 0).appendTo(batch);
        Command.OpenAccount.of(GUSU_GROCERY, AccountKind.MERCHANT, OPERATOR, 1, GUSU, 5411).appendTo(batch);
        Command.OpenAccount.of(KUNSHAN_RESTAURANT, AccountKind.MERCHANT, OPERATOR, 1, KUNSHAN, 5812).appendTo(batch);
        Command.Transfer.of(nextId++, CENTRAL_BANK, OPERATOR, 100_000_000_00L, TransferCode.ISSUANCE).appendTo(batch);
        Command.Transfer.of(nextId++, OPERATOR, GUSU_WALLET, 400_000_00L, TransferCode.EXCHANGE_IN).appendTo(batch);
        Command.Transfer.of(nextId++, OPERATOR, KUNSHAN_WALLET, 400_000_00L, TransferCode.EXCHANGE_IN).appendTo(batch);
        apply(batch, noonMs(firstDay.minusDays(1)));
    }

    Ledger ledger() {
        return ledger;
    }

    /** One merchant payment of {@code amountFen} on {@code day}. */
    void pay(final LocalDate day, final long wallet, final long merchant, final long amountFen) {
        final CommandBatch batch = new CommandBatch(1);
        Command.Transfer.of(nextId++, wallet, merchant, amountFen, TransferCode.MERCHANT_PAYMENT).appendTo(batch);
        apply(batch, Math.max(lastMs + 1, noonMs(day)));
    }

    private void apply(final CommandBatch batch, final long timeMs) {
        ledger.apply(++sequence, timeMs, batch, outcome);
        for (int i = 0; i < batch.count(); i++) {
            if (outcome.resultNumber(i) != ResultCode.OK.number()) {
                throw new IllegalStateException("fixture command " + i + " rejected: " + outcome.result(i));
            }
        }
        lastMs = timeMs;
        platform.onBatch(ledger, sequence, timeMs, outcome.events());
    }

    static long noonMs(final LocalDate day) {
        return day.toEpochDay() * ShanghaiCalendar.DAY_MS + 4 * 3_600_000L;
    }
}
