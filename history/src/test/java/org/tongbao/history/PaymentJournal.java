package org.tongbao.history;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.DurableLedger;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.payment.TransferCode;

/**
 * Writes a real journal through the durable ledger for the history tests: a central bank, two
 * operator banks, merchants and personal wallets held at either, funded by issuance and
 * exchange, then seeded random P2P and merchant payments in timed batches spread over
 * {@code days} days from 1 January 2023 (Asia/Shanghai), with pending payments posted in part
 * or voided a batch later. Snapshots every 20 batches, so a projector can start from one.
 */
final class PaymentJournal {
    static final LedgerConfig CONFIG = LedgerConfig.defaults(20_000).withIdempotencyGeneration(1 << 16);
    static final long CENTRAL_BANK = 1;
    static final long OPERATOR_A = 2;
    static final long OPERATOR_B = 3;
    static final long FIRST_MERCHANT = 500;
    static final int MERCHANTS = 5;
    static final long FIRST_WALLET = 1_000;
    static final long FUNDING_FEN = 10_000_000;
    static final long START_MS = LocalDate.of(2023, 1, 1).atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();
    static final long DAY_MS = 86_400_000L;
    private static final int GUSU = 320508;
    private static final int GROCERIES = 5411;

    private final Path root;
    private final int wallets;
    private final SplittableRandom random;
    private long nextId = 1_000_000;
    private long batchTimeMs = START_MS;
    private long segmentBytes = 1 << 22;

    PaymentJournal(final Path root, final int wallets, final long seed) {
        this.root = root;
        this.wallets = wallets;
        this.random = new SplittableRandom(seed);
    }

    static long wallet(final int i) {
        return FIRST_WALLET + i;
    }

    static long operatorOf(final long walletId) {
        return (walletId & 1) == 0 ? OPERATOR_A : OPERATOR_B;
    }

    /** Journal segments of at most {@code bytes} from now on (small ones make many segments to archive). */
    PaymentJournal segmentBytes(final long bytes) {
        this.segmentBytes = bytes;
        return this;
    }

    /** Opens the accounts and funds the wallets (one batch), when the ledger is new. */
    PaymentJournal setUp() throws Exception {
        try (DurableLedger ledger = open()) {
            final CommandBatch block = new CommandBatch(4 + MERCHANTS + 2 * wallets + 2);
            Command.OpenAccount.of(CENTRAL_BANK, AccountKind.CENTRAL_BANK, 0, 0, 0, 0).appendTo(block);
            Command.OpenAccount.of(OPERATOR_A, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0).appendTo(block);
            Command.OpenAccount.of(OPERATOR_B, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0).appendTo(block);
            for (int m = 0; m < MERCHANTS; m++) {
                Command.OpenAccount.of(FIRST_MERCHANT + m, AccountKind.MERCHANT, operatorOf(FIRST_MERCHANT + m), 1, GUSU,
                        GROCERIES).appendTo(block);
            }
            for (int i = 0; i < wallets; i++) {
                Command.OpenAccount.of(wallet(i), AccountKind.PERSONAL, operatorOf(wallet(i)), 1, GUSU, 0).appendTo(block);
            }
            Command.Transfer.of(1, CENTRAL_BANK, OPERATOR_A, FUNDING_FEN * wallets, TransferCode.ISSUANCE).appendTo(block);
            Command.Transfer.of(2, CENTRAL_BANK, OPERATOR_B, FUNDING_FEN * wallets, TransferCode.ISSUANCE).appendTo(block);
            for (int i = 0; i < wallets; i++) {
                Command.Transfer.of(10 + i, operatorOf(wallet(i)), wallet(i), FUNDING_FEN, TransferCode.EXCHANGE_IN)
                        .appendTo(block);
            }
            submit(ledger.sequencer(), block);
        }
        return this;
    }

    /**
     * Appends {@code batches} batches of {@code perBatch} payments, batch times spread evenly
     * over {@code days} days after the last batch written by this object.
     */
    PaymentJournal payments(final int batches, final int perBatch, final int days) throws Exception {
        final long stepMs = Math.max(1, days * DAY_MS / Math.max(1, batches));
        try (DurableLedger ledger = open()) {
            List<Long> pending = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                final CommandBatch block = new CommandBatch(perBatch + pending.size());
                for (final long pendingId : pending) {
                    if (random.nextBoolean()) {
                        Command.PostPending.of(nextId++, pendingId, random.nextLong(1, 50)).appendTo(block);
                    } else {
                        Command.VoidPending.of(nextId++, pendingId).appendTo(block);
                    }
                }
                pending = new ArrayList<>();
                for (int i = 0; i < perBatch; i++) {
                    final long payer = wallet(random.nextInt(wallets));
                    final long amount = random.nextLong(1, 501);
                    final int kind = random.nextInt(20);
                    if (kind < 4) {
                        final long merchant = FIRST_MERCHANT + random.nextInt(MERCHANTS);
                        Command.Transfer.of(nextId++, payer, merchant, amount, TransferCode.MERCHANT_PAYMENT).appendTo(block);
                    } else if (kind == 4) {
                        final long id = nextId++;
                        Command.Transfer.pending(id, payer, FIRST_MERCHANT, amount, TransferCode.MERCHANT_PAYMENT, 3_600)
                                .appendTo(block);
                        pending.add(id);
                    } else {
                        final long payee = wallet((int) ((payer - FIRST_WALLET + random.nextInt(1, wallets)) % wallets));
                        Command.Transfer.of(nextId++, payer, payee, amount, TransferCode.P2P).appendTo(block);
                    }
                }
                batchTimeMs += stepMs;
                submitAt(ledger.sequencer(), block, batchTimeMs);
            }
        }
        return this;
    }

    private DurableLedger open() {
        return DurableLedger.open(new DataDirectory(root), CONFIG, () -> batchTimeMs,
                new DurableLedger.Options(4_096, segmentBytes, 20, true), null);
    }

    private void submit(final Sequencer sequencer, final CommandBatch block) throws Exception {
        submitAt(sequencer, block, batchTimeMs);
    }

    private static void submitAt(final Sequencer sequencer, final CommandBatch block, final long timeMs) throws Exception {
        final Sequencer.Reply reply = sequencer.submitAt(block, timeMs, 10_000).get(30, TimeUnit.SECONDS);
        if (reply.failed()) {
            throw new IllegalStateException("batch failed", reply.failure());
        }
    }
}
