package org.tongbao.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.DurableLedger;
import org.tongbao.durability.journal.JournalWriter;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.engine.AccountView;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.Command.Freeze;
import org.tongbao.engine.command.Command.OpenAccount;
import org.tongbao.engine.command.Command.PostPending;
import org.tongbao.engine.command.Command.Transfer;
import org.tongbao.engine.command.Command.VoidPending;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.event.LedgerEvents;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.engine.state.StateDigest;

/**
 * A small Suzhou e-CNY day, told batch by batch: who paid whom, what each rule said, and at
 * the end every balance and the conservation check. Runs through the durable path (journal,
 * group commit, snapshot) in a data directory, then restarts from disk and shows the same
 * state hash. Deterministic: same output every run but for the directory's name.
 */
final class DemoScenario {
    private static final long YUAN = 100;
    private static final long START_MS = Instant.parse("2023-03-01T01:00:00Z").toEpochMilli();

    private static final long PBOC = 1;
    private static final long ICBC = 101;
    private static final long CCB = 102;
    private static final long WEBANK = 103;
    private static final long FINANCE_BUREAU = 201;
    private static final long KUNSHAN_TAX = 202;
    private static final long GROCERY = 301;
    private static final long NOODLE_HOUSE = 302;
    private static final long PHARMACY = 303;
    private static final long SILK_WORKS = 401;
    private static final long LI_WEI = 501;
    private static final long WANG_FANG = 502;
    private static final long ZHANG_MIN = 503;
    private static final long CHEN_JIE = 504;

    private static final LedgerConfig CONFIG = LedgerConfig.defaults(1_000).withAccountsInitial(64)
            .withIdempotencyGeneration(4_096).withPendingMax(1_024);

    private final PrintStream out;
    private final Path dataDirectory;
    private final CommandBatch batch = new CommandBatch(LedgerConfig.BATCH_MAX_DEFAULT);
    private final List<String> labels = new ArrayList<>();
    private final List<String> expiries = new ArrayList<>();
    private final AtomicLong nowMs = new AtomicLong(START_MS);
    private DurableLedger durable;
    private long nextId = 10_000;

    DemoScenario(final PrintStream out, final Path dataDirectory) {
        this.out = out;
        this.dataDirectory = dataDirectory;
    }

    /** Runs the scenario; true when every invariant held and the restart rebuilt the same state. */
    boolean run() {
        out.println("Tongbao demo: one day of a city e-CNY pilot, journaled in " + dataDirectory);
        out.println("(The full pilot simulator and dashboard replace this scenario when they land.)");
        durable = DurableLedger.open(new DataDirectory(dataDirectory), CONFIG, nowMs::get,
                new DurableLedger.Options(1_024, JournalWriter.SEGMENT_BYTES_DEFAULT, 4, false), this::noteExpiries);
        final byte[] before;
        final boolean held;
        try {
            openAccounts();
            issueAndExchange();
            pay();
            showRejections();
            offlinePayments();
            linkedChainAndRetry();
            redeem();
            held = summarise();
            before = read(Ledger::stateHash);
        } finally {
            closeDurable();
        }
        return held && restart(before);
    }

    /** Opens the directory again: recovery must rebuild exactly the state the run ended with. */
    private boolean restart(final byte[] before) {
        durable = DurableLedger.open(new DataDirectory(dataDirectory), CONFIG, nowMs::get,
                DurableLedger.Options.defaults(), null);
        try {
            final byte[] after = read(Ledger::stateHash);
            final boolean same = java.util.Arrays.equals(before, after);
            out.printf("Restarted from disk (snapshot at batch %d, %d batches replayed): state hash %s%n",
                    durable.recovered().snapshotSequence(), durable.recovered().replayedBatches(),
                    same ? "identical." : "DIFFERENT: " + StateDigest.hex(after));
            out.println("Check the journal's hash chain and invariants yourself: ./tongbao verify --data " + dataDirectory);
            return same;
        } finally {
            closeDurable();
        }
    }

    private void closeDurable() {
        try {
            durable.close();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing the ledger", e);
        }
    }

    private <T> T read(final Function<Ledger, T> query) {
        try {
            return durable.sequencer().query(query).get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Batch listener (sequencer thread): pending transfers the ledger expired by itself. */
    private void noteExpiries(final long sequence, final long timestampMs, final CommandBatch committed,
                              final BatchOutcome outcome, final byte[] head) {
        final LedgerEvents events = outcome.events();
        for (int row = 0; row < events.count(); row++) {
            if (events.commandIndex(row) < 0) {
                expiries.add(String.format("  (expired) pending transfer %d: %s CNY released to the payer",
                        events.id(row), yuan(events.amountFen(row))));
            }
        }
    }

    private void openAccounts() {
        section("The central bank, three operator banks, government bodies, merchants, a business and four people open accounts", 0);
        add("central bank issuance account", OpenAccount.of(PBOC, AccountKind.CENTRAL_BANK, 0, 0, 0, 0));
        add("ICBC reserve", OpenAccount.of(ICBC, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0));
        add("CCB reserve", OpenAccount.of(CCB, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0));
        add("WeBank reserve", OpenAccount.of(WEBANK, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0));
        add("Suzhou Finance Bureau (at ICBC)", OpenAccount.of(FINANCE_BUREAU, AccountKind.GOVERNMENT, ICBC, 0, 320508, 0));
        add("Kunshan tax office (at CCB)", OpenAccount.of(KUNSHAN_TAX, AccountKind.GOVERNMENT, CCB, 0, 320583, 0));
        add("grocery in Gusu, MCC 5411", OpenAccount.of(GROCERY, AccountKind.MERCHANT, ICBC, 1, 320508, 5411));
        add("noodle house in Kunshan, MCC 5812", OpenAccount.of(NOODLE_HOUSE, AccountKind.MERCHANT, CCB, 1, 320583, 5812));
        add("pharmacy in the Industrial Park, MCC 5912", OpenAccount.of(PHARMACY, AccountKind.MERCHANT, WEBANK, 1, 320571, 5912));
        add("Wujiang silk works (corporate)", OpenAccount.of(SILK_WORKS, AccountKind.CORPORATE, ICBC, 1, 320509, 0));
        add("Li Wei, tier 1 (verified in person)", OpenAccount.of(LI_WEI, AccountKind.PERSONAL, ICBC, 1, 320508, 0));
        add("Wang Fang, tier 2 (remote, ID + bank)", OpenAccount.of(WANG_FANG, AccountKind.PERSONAL, CCB, 2, 320583, 0));
        add("Zhang Min, tier 4 (anonymous)", OpenAccount.of(ZHANG_MIN, AccountKind.PERSONAL, WEBANK, 4, 320571, 0));
        add("Chen Jie, tier 3 hard wallet (card)",
                new OpenAccount(CHEN_JIE, AccountKind.PERSONAL.number(), CCB, 3, 320505, 0, true, 0, 0));
        apply();
    }

    private void issueAndExchange() {
        section("The central bank issues e-CNY to the operators; customers exchange deposits into their wallets", 60);
        add("issue 10,000,000 CNY to ICBC", transfer(PBOC, ICBC, 10_000_000, TransferCode.ISSUANCE));
        add("issue 5,000,000 CNY to CCB", transfer(PBOC, CCB, 5_000_000, TransferCode.ISSUANCE));
        add("issue 1,000,000 CNY to WeBank", transfer(PBOC, WEBANK, 1_000_000, TransferCode.ISSUANCE));
        add("Li Wei exchanges 20,000 CNY", transfer(ICBC, LI_WEI, 20_000, TransferCode.EXCHANGE_IN));
        add("Wang Fang exchanges 3,000 CNY", transfer(CCB, WANG_FANG, 3_000, TransferCode.EXCHANGE_IN));
        add("Zhang Min exchanges 800 CNY", transfer(WEBANK, ZHANG_MIN, 800, TransferCode.EXCHANGE_IN));
        add("Chen Jie loads 1,500 CNY onto the card", transfer(CCB, CHEN_JIE, 1_500, TransferCode.EXCHANGE_IN));
        add("the silk works exchanges 2,000,000 CNY", transfer(ICBC, SILK_WORKS, 2_000_000, TransferCode.EXCHANGE_IN));
        add("the Finance Bureau exchanges 500,000 CNY", transfer(ICBC, FINANCE_BUREAU, 500_000, TransferCode.EXCHANGE_IN));
        apply();
    }

    private void pay() {
        section("Payments of every kind", 3_600);
        add("Li Wei sends Wang Fang 1,200 CNY (P2P)", transfer(LI_WEI, WANG_FANG, 1_200, TransferCode.P2P));
        add("Wang Fang buys groceries for 86.50 CNY", transferFen(WANG_FANG, GROCERY, 86_50, TransferCode.MERCHANT_PAYMENT));
        add("Zhang Min buys medicine for 45 CNY", transfer(ZHANG_MIN, PHARMACY, 45, TransferCode.MERCHANT_PAYMENT));
        add("the silk works pays the noodle house's catering bill (B2B)", transfer(SILK_WORKS, NOODLE_HOUSE, 12_800, TransferCode.B2B));
        add("the noodle house pays 3,100 CNY of tax", transfer(NOODLE_HOUSE, KUNSHAN_TAX, 3_100, TransferCode.TAX_PAYMENT));
        add("the Finance Bureau pays Chen Jie a 300 CNY subsidy", transfer(FINANCE_BUREAU, CHEN_JIE, 300, TransferCode.SUBSIDY_PAYMENT));
        apply();
    }

    private void showRejections() {
        section("Commands the rules reject: each says why, and nothing is applied", 600);
        add("Zhang Min (tier 4) tries to pay 600 CNY in one go", transfer(ZHANG_MIN, GROCERY, 600, TransferCode.MERCHANT_PAYMENT));
        add("Wang Fang tries to send 4,800 CNY; she holds 4,633.50", transfer(WANG_FANG, LI_WEI, 4_800, TransferCode.P2P));
        add("WeBank tries to load 900 CNY into Zhang Min's 1,000 CNY-capped wallet", transfer(WEBANK, ZHANG_MIN, 900, TransferCode.EXCHANGE_IN));
        add("ICBC tries to exchange into Wang Fang's wallet, which CCB holds", transfer(ICBC, WANG_FANG, 100, TransferCode.EXCHANGE_IN));
        add("Li Wei labels a grocery purchase as P2P", transfer(LI_WEI, GROCERY, 20, TransferCode.P2P));
        add("the pharmacy is frozen by a court order", new Freeze(nextId++, PHARMACY));
        add("... so Li Wei cannot pay it", transfer(LI_WEI, PHARMACY, 30, TransferCode.MERCHANT_PAYMENT));
        add("Li Wei pays 60,000 CNY, above tier 1's single-payment limit", transfer(LI_WEI, GROCERY, 60_000, TransferCode.MERCHANT_PAYMENT));
        apply();
    }

    private void offlinePayments() {
        section("Offline payments: Chen Jie's card pays without a network; the ledger reserves, then settles", 1_800);
        final long lunch = nextId++;
        final long bus = nextId++;
        final long snack = nextId++;
        add("card pays the noodle house 35 CNY offline (pending, 1 hour)",
                Transfer.pending(lunch, CHEN_JIE, NOODLE_HOUSE, 35 * YUAN, TransferCode.MERCHANT_PAYMENT, 3_600));
        add("card taps 12 CNY at the grocery (pending, 1 hour)",
                Transfer.pending(bus, CHEN_JIE, GROCERY, 12 * YUAN, TransferCode.MERCHANT_PAYMENT, 3_600));
        add("card pays 8 CNY for a snack (pending, 10 minutes)",
                Transfer.pending(snack, CHEN_JIE, GROCERY, 8 * YUAN, TransferCode.MERCHANT_PAYMENT, 600));
        apply();
        section("The card reconnects: one payment settles at a lower final price, one is cancelled", 300);
        add("post the noodle house payment at 32 CNY (partial; 3 CNY released)", PostPending.of(nextId++, lunch, 32 * YUAN));
        add("void the grocery tap", VoidPending.of(nextId++, bus));
        add("posting the voided tap again is refused", PostPending.of(nextId++, bus, 0));
        apply();
        section("Ten minutes later the snack payment's timeout passes: the ledger releases it by itself", 600);
        add("posting it now is refused", PostPending.of(nextId++, snack, 0));
        apply();
    }

    private void linkedChainAndRetry() {
        section("A linked chain: all or nothing", 600);
        final Transfer meal = transfer(LI_WEI, NOODLE_HOUSE, 180, TransferCode.MERCHANT_PAYMENT);
        add("Li Wei pays for a meal (linked) ...", meal.linked());
        add("... linked to Zhang Min paying a 600 CNY fee, above tier 4's limit", transfer(ZHANG_MIN, KUNSHAN_TAX, 600, TransferCode.FEE_PAYMENT));
        apply();
        final Transfer gift = transfer(LI_WEI, WANG_FANG, 520, TransferCode.P2P);
        section("A retried command is answered with its original outcome and applied once", 60);
        add("Li Wei sends Wang Fang 520 CNY", gift);
        add("the app times out and sends the same command again", gift);
        apply();
    }

    private void redeem() {
        section("WeBank returns 200,000 CNY of e-CNY to the central bank", 3_600);
        add("redeem 200,000 CNY", transfer(WEBANK, PBOC, 200_000, TransferCode.REDEMPTION));
        apply();
    }

    private boolean summarise() {
        out.println();
        out.println("Balances (CNY)");
        out.printf("  %-34s %-16s %5s %-7s %16s %12s%n", "account", "kind", "tier", "status", "balance", "pending out");
        for (final long id : new long[] {PBOC, ICBC, CCB, WEBANK, FINANCE_BUREAU, KUNSHAN_TAX, GROCERY, NOODLE_HOUSE,
            PHARMACY, SILK_WORKS, LI_WEI, WANG_FANG, ZHANG_MIN, CHEN_JIE}) {
            final AccountView account = read(ledger -> ledger.account(id));
            out.printf("  %-34s %-16s %5s %-7s %16s %12s%n", name(id), account.kind().name().toLowerCase(),
                    account.tier() == 0 ? "-" : String.valueOf(account.tier()), account.status().name().toLowerCase(),
                    yuan(account.balanceFen()), yuan(account.pendingDebitFen()));
        }
        final List<String> broken = read(Ledger::checkInvariants);
        final long[] totals = read(ledger -> new long[] {ledger.issuedFen(), ledger.redeemedFen(), ledger.circulationFen(),
            ledger.sequence()});
        out.println();
        out.printf("Issued %s CNY, redeemed %s CNY: %s CNY in circulation, held outside the central bank.%n",
                yuan(totals[0]), yuan(totals[1]), yuan(totals[2]));
        out.println(broken.isEmpty()
                ? "Conservation check: OK (debits = credits; circulation = issued - redeemed = sum of balances outside the central bank)."
                : "Conservation check FAILED: " + broken);
        out.printf("State hash after %d batches: %s%n", totals[3], StateDigest.hex(read(Ledger::stateHash)));
        return broken.isEmpty();
    }

    private void section(final String title, final long secondsLater) {
        nowMs.addAndGet(secondsLater * 1000);
        out.println();
        out.printf("[%s Shanghai] %s%n", Instant.ofEpochMilli(nowMs.get()).atOffset(ZoneOffset.ofHours(8)).toLocalDateTime(),
                title);
    }

    private Transfer transfer(final long from, final long to, final long yuan, final TransferCode code) {
        return transferFen(from, to, yuan * YUAN, code);
    }

    private Transfer transferFen(final long from, final long to, final long fen, final TransferCode code) {
        return Transfer.of(nextId++, from, to, fen, code);
    }

    private void add(final String label, final Command command) {
        command.appendTo(batch);
        labels.add(label);
    }

    private void apply() {
        final Sequencer.Reply reply;
        try {
            reply = durable.sequencer().submit(batch).get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
        if (reply.failed()) {
            throw new IllegalStateException("the ledger stopped: " + reply.failure().getMessage(), reply.failure());
        }
        expiries.forEach(out::println);
        expiries.clear();
        for (int i = 0; i < reply.results().length; i++) {
            final ResultCode result = ResultCode.ofNumber(reply.results()[i]);
            final String verdict = result == ResultCode.OK
                    ? (reply.replayed()[i] ? "OK (replayed: original outcome, applied once)" : "OK")
                    : result.name() + ": " + result.message();
            out.printf("  %-72s %s%n", labels.get(i), verdict);
        }
        batch.clear();
        labels.clear();
    }

    private static String yuan(final long fen) {
        final String sign = fen < 0 ? "-" : "";
        final long abs = Math.abs(fen);
        return String.format("%s%,d.%02d", sign, abs / YUAN, abs % YUAN);
    }

    private static String name(final long id) {
        return switch ((int) id) {
            case (int) PBOC -> "People's Bank of China (issuance)";
            case (int) ICBC -> "ICBC reserve";
            case (int) CCB -> "CCB reserve";
            case (int) WEBANK -> "WeBank reserve";
            case (int) FINANCE_BUREAU -> "Suzhou Finance Bureau";
            case (int) KUNSHAN_TAX -> "Kunshan tax office";
            case (int) GROCERY -> "Gusu grocery";
            case (int) NOODLE_HOUSE -> "Kunshan noodle house";
            case (int) PHARMACY -> "Industrial Park pharmacy";
            case (int) SILK_WORKS -> "Wujiang silk works";
            case (int) LI_WEI -> "Li Wei";
            case (int) WANG_FANG -> "Wang Fang";
            case (int) ZHANG_MIN -> "Zhang Min";
            case (int) CHEN_JIE -> "Chen Jie (card)";
            default -> "account " + id;
        };
    }
}
