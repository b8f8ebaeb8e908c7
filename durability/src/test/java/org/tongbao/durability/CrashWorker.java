package org.tongbao.durability;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.tongbao.durability.recovery.Recovery;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.payment.TransferCode;

/**
 * The server under test in {@link CrashRecoveryTest}, run in a child JVM that the test kills
 * with SIGKILL. Opens (recovering) the durable ledger in the data directory given as first
 * argument, sets up the accounts if the ledger is new, then submits person-to-person transfers
 * from several client threads without end, in blocks of 1 to 50, with transfer ids counting up
 * from the second argument (so a restart never reuses an id).
 *
 * <p>Protocol on stdout, one line each, flushed: {@code ready <lastSequence> <snapshotSequence>
 * <truncatedBytes>} once recovered, then {@code ack <transferId> ok} for every transfer whose
 * reply said OK, written only after the reply. A line cut short by the kill does not end in
 * {@code ok} and must be ignored.
 */
final class CrashWorker {
    /** Shared with the test, which recovers the same directory with the same rules. */
    static final LedgerConfig CONFIG = LedgerConfig.defaults(10_000).withIdempotencyGeneration(1 << 14);
    static final DurableLedger.Options OPTIONS = new DurableLedger.Options(4_096, 1 << 20, 100, false);
    static final long CENTRAL_BANK = 1;
    static final long OPERATOR = 2;
    static final long FIRST_WALLET = 1_000;
    static final int WALLETS = 300;
    static final int CLIENTS = 3;
    static final int BLOCK_COMMANDS_MAX = 50;
    static final long FUNDING_FEN = 1_000_000;
    private static final int GUSU = 320508;
    private static final long SUBMIT_TIMEOUT_MS = 1_000;

    private CrashWorker() {
    }

    public static void main(final String[] args) throws Exception {
        final Path root = Path.of(args[0]);
        final AtomicLong nextTransferId = new AtomicLong(Long.parseLong(args[1]));
        final long seed = Long.parseLong(args[2]);
        final PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
        final DurableLedger durable = DurableLedger.open(new DataDirectory(root), CONFIG, System::currentTimeMillis,
                OPTIONS, null);
        final Sequencer sequencer = durable.sequencer();
        if (sequencer.query(ledger -> ledger.accountCount()).get() == 0) {
            setUp(sequencer);
        }
        final Recovery.Recovered recovered = durable.recovered();
        out.println("ready " + recovered.journal().lastSequence() + " " + recovered.snapshotSequence() + " "
                + recovered.truncatedBytes());
        out.flush();
        for (int client = 0; client < CLIENTS; client++) {
            final SplittableRandom random = new SplittableRandom(seed * 31 + client);
            Thread.ofPlatform().name("client-" + client).start(() -> submitForever(sequencer, nextTransferId, random, out));
        }
    }

    /** Opens every account and funds every wallet in one block: one batch, so a kill leaves all or nothing. */
    private static void setUp(final Sequencer sequencer) throws Exception {
        final CommandBatch block = new CommandBatch(2 + 2 * WALLETS + 1);
        Command.OpenAccount.of(CENTRAL_BANK, AccountKind.CENTRAL_BANK, 0, 0, 0, 0).appendTo(block);
        Command.OpenAccount.of(OPERATOR, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0).appendTo(block);
        for (int i = 0; i < WALLETS; i++) {
            Command.OpenAccount.of(FIRST_WALLET + i, AccountKind.PERSONAL, OPERATOR, 1, GUSU, 0).appendTo(block);
        }
        Command.Transfer.of(1, CENTRAL_BANK, OPERATOR, FUNDING_FEN * WALLETS, TransferCode.ISSUANCE).appendTo(block);
        for (int i = 0; i < WALLETS; i++) {
            Command.Transfer.of(2 + i, OPERATOR, FIRST_WALLET + i, FUNDING_FEN, TransferCode.EXCHANGE_IN).appendTo(block);
        }
        final Sequencer.Reply reply = sequencer.submit(block).get();
        if (reply.failed()) {
            throw new IllegalStateException("set-up failed", reply.failure());
        }
        for (int i = 0; i < reply.results().length; i++) {
            if (reply.results()[i] != ResultCode.OK.number()) {
                throw new IllegalStateException("set-up command " + i + ": " + ResultCode.ofNumber(reply.results()[i]));
            }
        }
    }

    private static void submitForever(final Sequencer sequencer, final AtomicLong nextTransferId,
                                      final SplittableRandom random, final PrintStream out) {
        final StringBuilder acks = new StringBuilder();
        try {
            while (true) {
                final CommandBatch block = new CommandBatch(BLOCK_COMMANDS_MAX);
                final int count = random.nextInt(1, BLOCK_COMMANDS_MAX + 1);
                for (int i = 0; i < count; i++) {
                    final long debit = FIRST_WALLET + random.nextInt(WALLETS);
                    final long credit = FIRST_WALLET + (debit - FIRST_WALLET + random.nextInt(1, WALLETS)) % WALLETS;
                    block.appendTransfer(nextTransferId.getAndIncrement(), debit, credit, random.nextLong(1, 501),
                            TransferCode.P2P.number());
                }
                CompletableFuture<Sequencer.Reply> reply = null;
                while (reply == null) {
                    reply = sequencer.submit(block, SUBMIT_TIMEOUT_MS);
                }
                final Sequencer.Reply answered = reply.get();
                if (answered.failed()) {
                    answered.failure().printStackTrace();
                    System.exit(3);
                }
                acks.setLength(0);
                for (int i = 0; i < count; i++) {
                    if (answered.results()[i] == ResultCode.OK.number()) {
                        acks.append("ack ").append(block.id(i)).append(" ok\n");
                    }
                }
                synchronized (out) {
                    out.print(acks);
                    out.flush();
                }
            }
        } catch (final Exception e) {
            e.printStackTrace();
            System.exit(4);
        }
    }
}
