package org.tongbao.bench.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Checks;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.payment.TransferCode;

/**
 * The benchmarks' ledger and payments: a central bank, one operator, one merchant and
 * {@code wallets} tier-1 personal wallets holding 20,000 CNY each; payments of 0.01 to 100 CNY
 * between random wallets (uniform) or from random wallets to the merchant (hot). Shared by the
 * in-memory and durable runs so their figures compare like with like. Not thread-safe.
 */
public final class PaymentWorkload {
    static final long CENTRAL_BANK = 1;
    /** The operator reserve every wallet is held at. */
    public static final long OPERATOR = 2;
    static final long MERCHANT = 3;
    /** The first wallet's id; the others follow one by one. */
    public static final long FIRST_WALLET = 1_000;
    static final long WALLET_FUNDING_FEN = 20_000_00L;
    private static final int AMOUNT_MAX_FEN = 100_00;

    private final int wallets;
    private final boolean hot;
    private final SplittableRandom random;

    public PaymentWorkload(final int wallets, final boolean hot, final long seed) {
        this.wallets = wallets;
        this.hot = hot;
        this.random = new SplittableRandom(seed);
    }

    /** Appends one payment with id {@code transferId}. */
    public void appendPayment(final CommandBatch batch, final long transferId) {
        final long debit = FIRST_WALLET + random.nextInt(wallets);
        final long amount = 1 + random.nextInt(AMOUNT_MAX_FEN);
        if (hot) {
            batch.appendTransfer(transferId, debit, MERCHANT, amount, TransferCode.MERCHANT_PAYMENT.number());
            return;
        }
        long credit = FIRST_WALLET + random.nextInt(wallets);
        if (credit == debit) {
            credit = debit + 1 < FIRST_WALLET + wallets ? debit + 1 : FIRST_WALLET;
        }
        batch.appendTransfer(transferId, debit, credit, amount, TransferCode.P2P.number());
    }

    /** The batches that open and fund the accounts (set-up ids are negative, payment ids positive). */
    public static List<CommandBatch> setup(final int wallets, final int batchMax) {
        final List<CommandBatch> batches = new ArrayList<>();
        CommandBatch batch = new CommandBatch(batchMax);
        batches.add(batch);
        Command.OpenAccount.of(CENTRAL_BANK, AccountKind.CENTRAL_BANK, 0, 0, 0, 0).appendTo(batch);
        Command.OpenAccount.of(OPERATOR, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0).appendTo(batch);
        Command.OpenAccount.of(MERCHANT, AccountKind.MERCHANT, OPERATOR, 1, 320508, 5411).appendTo(batch);
        Command.Transfer.of(-1, CENTRAL_BANK, OPERATOR, Math.multiplyExact(WALLET_FUNDING_FEN, wallets),
                TransferCode.ISSUANCE).appendTo(batch);
        for (int w = 0; w < wallets; w++) {
            if (batch.isFull()) {
                batch = new CommandBatch(batchMax);
                batches.add(batch);
            }
            Command.OpenAccount.of(FIRST_WALLET + w, AccountKind.PERSONAL, OPERATOR, 1, 320508, 0).appendTo(batch);
        }
        batch = new CommandBatch(batchMax);
        batches.add(batch);
        for (int w = 0; w < wallets; w++) {
            if (batch.isFull()) {
                batch = new CommandBatch(batchMax);
                batches.add(batch);
            }
            Command.Transfer.of(-(FIRST_WALLET + w), OPERATOR, FIRST_WALLET + w, WALLET_FUNDING_FEN,
                    TransferCode.EXCHANGE_IN).appendTo(batch);
        }
        return batches;
    }

    /** Checks that the ledger applied every command of a set-up batch; throws naming the first it rejected. */
    static void checkAllApplied(final BatchOutcome outcome) {
        for (int i = 0; i < outcome.count(); i++) {
            Checks.check(outcome.resultNumber(i) == ResultCode.OK.number(),
                    "set-up command " + i + " rejected: " + outcome.result(i));
        }
    }

    /** Commands of the batch the ledger rejected. */
    static long rejected(final BatchOutcome outcome) {
        long rejected = 0;
        for (int i = 0; i < outcome.count(); i++) {
            if (outcome.resultNumber(i) != ResultCode.OK.number()) {
                rejected++;
            }
        }
        return rejected;
    }
}
