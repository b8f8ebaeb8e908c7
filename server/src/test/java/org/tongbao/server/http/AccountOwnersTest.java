package org.tongbao.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.server.http.auth.AccountOwner;

/**
 * The access checks' cache of account owners: it answers as the ledger does, reads the ledger
 * once per request for what it lacks and never again for what it holds, learns accounts as
 * they are opened, and never remembers that an account was missing (it may be opened the next
 * moment).
 */
class AccountOwnersTest {
    private static final long OPERATOR = 2;
    private static final long MERCHANT = 10;
    private static final long WALLET = 11;

    private final Ledger ledger = new Ledger(LedgerConfig.defaults(64));
    private final AtomicInteger reads = new AtomicInteger();
    private final AccountOwners owners = new AccountOwners();
    private long sequence;
    private CommandBatch lastBatch;

    @Test
    void answersAsTheLedgerDoesAndReadsItOnlyForWhatItLacks() {
        open(Command.OpenAccount.of(OPERATOR, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0),
                Command.OpenAccount.of(MERCHANT, AccountKind.MERCHANT, OPERATOR, 1, 320508, 5411),
                new Command.OpenAccount(WALLET, AccountKind.MERCHANT.number(), OPERATOR, 1, 320508, 5411, false,
                        MERCHANT, 0));

        final AccountOwner[] first = owners.owners(new long[] {MERCHANT, WALLET, MERCHANT}, this::read);
        assertThat(first).containsExactly(new AccountOwner(MERCHANT, AccountKind.MERCHANT, OPERATOR, 0),
                new AccountOwner(WALLET, AccountKind.MERCHANT, OPERATOR, MERCHANT),
                new AccountOwner(MERCHANT, AccountKind.MERCHANT, OPERATOR, 0));
        assertThat(reads).hasValue(1);

        assertThat(owners.owners(new long[] {WALLET, MERCHANT}, this::read)).containsExactly(first[1], first[0]);
        assertThat(reads).as("everything asked for is cached").hasValue(1);
    }

    @Test
    void anAccountMissingAtOneCheckIsFoundOnceOpened() {
        open(Command.OpenAccount.of(OPERATOR, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0));
        assertThat(owners.owners(new long[] {MERCHANT}, this::read)).containsExactly((AccountOwner) null);

        open(Command.OpenAccount.of(MERCHANT, AccountKind.MERCHANT, OPERATOR, 1, 320508, 5411));

        assertThat(owners.owners(new long[] {MERCHANT}, this::read))
                .containsExactly(new AccountOwner(MERCHANT, AccountKind.MERCHANT, OPERATOR, 0));
        assertThat(reads).hasValue(2);
    }

    @Test
    void accountsOpenedWhileServingAreCachedWithoutAVisitToTheLedger() {
        final BatchOutcome outcome = open(Command.OpenAccount.of(OPERATOR, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0),
                Command.OpenAccount.of(MERCHANT, AccountKind.MERCHANT, OPERATOR, 1, 320508, 5411));
        owners.opened(ledger, lastBatch, outcome);

        assertThat(owners.owners(new long[] {MERCHANT, OPERATOR}, this::read)).containsExactly(
                new AccountOwner(MERCHANT, AccountKind.MERCHANT, OPERATOR, 0),
                new AccountOwner(OPERATOR, AccountKind.OPERATOR_RESERVE, 0, 0));
        assertThat(reads).hasValue(0);
    }

    private AccountOwner[] read(final Function<Ledger, AccountOwner[]> read) {
        reads.incrementAndGet();
        return read.apply(ledger);
    }

    private BatchOutcome open(final Command... commands) {
        final CommandBatch batch = new CommandBatch(commands.length);
        lastBatch = batch;
        for (final Command command : commands) {
            command.appendTo(batch);
        }
        final BatchOutcome outcome = new BatchOutcome(commands.length);
        ledger.apply(++sequence, 1_700_000_000_000L, batch, outcome);
        for (int i = 0; i < commands.length; i++) {
            assertThat(outcome.result(i).name()).isEqualTo("OK");
        }
        return outcome;
    }
}
