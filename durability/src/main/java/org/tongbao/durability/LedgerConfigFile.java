package org.tongbao.durability;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import org.tongbao.durability.journal.JournalWriter;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.wallet.TierLimits;
import org.tongbao.engine.wallet.WalletLimits;

/**
 * The ledger configuration a data directory was created with, in {@code ledger.properties}.
 * Replay must apply the rules the journal was written under (limits, the idempotency window,
 * the pending maximum all change results), so the configuration travels with the data: it is
 * written when the directory is created and read by every later start and by {@code verify}.
 */
public final class LedgerConfigFile {
    public static final String FILE_NAME = "ledger.properties";
    /** Absent from directories created before loan applications existed: they hold none, so the default is exact. */
    private static final String LAPSE_KEY = "loan.application.lapse.days";
    private static final AccountKind[] WALLET_KINDS = {AccountKind.PERSONAL, AccountKind.CORPORATE, AccountKind.MERCHANT};

    private LedgerConfigFile() {
    }

    /** The directory's configuration; when it has none yet, {@code fresh} is written and returned. */
    public static LedgerConfig readOrCreate(final Path root, final LedgerConfig fresh) {
        final Path file = root.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return read(file);
        }
        write(file, fresh);
        return fresh;
    }

    /** The configuration stored in {@code root}; fails with a clear message when there is none. */
    public static LedgerConfig read(final Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no " + FILE_NAME + " in " + file.getParent()
                    + ": not a Tongbao data directory (or not created yet)");
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        final TierLimits[][] tiers = new TierLimits[WALLET_KINDS.length][4];
        for (int k = 0; k < WALLET_KINDS.length; k++) {
            for (int tier = 1; tier <= 4; tier++) {
                final String[] values = required(properties, file, limitKey(WALLET_KINDS[k], tier)).split(",");
                if (values.length != 4) {
                    throw new IllegalArgumentException(file + ": " + limitKey(WALLET_KINDS[k], tier)
                            + " needs balanceCap,singlePayment,daily,annual in fen");
                }
                tiers[k][tier - 1] = new TierLimits(number(values[0], file), number(values[1], file),
                        number(values[2], file), number(values[3], file));
            }
        }
        return new LedgerConfig(
                (int) number(required(properties, file, "accounts.max"), file),
                (int) number(required(properties, file, "accounts.initial"), file),
                (int) number(required(properties, file, "pending.max"), file),
                (int) number(required(properties, file, "pending.timeout.max.seconds"), file),
                (int) number(required(properties, file, "idempotency.generation"), file),
                (int) number(required(properties, file, "batch.max"), file),
                WalletLimits.of(tiers[0], tiers[1], tiers[2]),
                (int) number(properties.getProperty(LAPSE_KEY, Integer.toString(
                        LedgerConfig.LOAN_APPLICATION_LAPSE_DAYS_DEFAULT)), file));
    }

    private static void write(final Path file, final LedgerConfig config) {
        final StringBuilder text = new StringBuilder()
                .append("# Tongbao ledger configuration of this data directory. Written at creation;\n")
                .append("# replaying the journal needs exactly these rules, so do not edit it by hand.\n")
                .append("accounts.max=").append(config.accountsMax()).append('\n')
                .append("accounts.initial=").append(config.accountsInitial()).append('\n')
                .append("pending.max=").append(config.pendingMax()).append('\n')
                .append("pending.timeout.max.seconds=").append(config.pendingTimeoutMaxSeconds()).append('\n')
                .append("idempotency.generation=").append(config.idempotencyGeneration()).append('\n')
                .append("batch.max=").append(config.batchMax()).append('\n')
                .append(LAPSE_KEY).append('=').append(config.loanApplicationLapseDays()).append('\n')
                .append("# wallet limits in fen: balanceCap,singlePayment,daily,annual (")
                .append(TierLimits.UNLIMITED).append(" = unlimited)\n");
        for (final AccountKind kind : WALLET_KINDS) {
            for (int tier = 1; tier <= 4; tier++) {
                final TierLimits limits = config.walletLimits().tier(kind, tier);
                text.append(limitKey(kind, tier)).append('=').append(limits.balanceCapFen()).append(',')
                        .append(limits.singlePaymentFen()).append(',').append(limits.dailyFen()).append(',')
                        .append(limits.annualFen()).append('\n');
            }
        }
        try {
            Files.createDirectories(file.getParent());
            final Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            JournalWriter.syncDirectory(file.getParent());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String limitKey(final AccountKind kind, final int tier) {
        return "limits." + kind.name().toLowerCase() + "." + tier;
    }

    private static String required(final Properties properties, final Path file, final String key) {
        final String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException(file + " lacks " + key);
        }
        return value.trim();
    }

    private static long number(final String text, final Path file) {
        try {
            return Long.parseLong(text.trim());
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(file + ": '" + text + "' is not a whole number", e);
        }
    }
}
