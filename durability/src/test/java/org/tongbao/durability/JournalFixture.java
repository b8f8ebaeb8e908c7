package org.tongbao.durability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.tongbao.durability.journal.JournalReader;
import org.tongbao.durability.journal.JournalRecord;
import org.tongbao.durability.journal.JournalScan;
import org.tongbao.durability.journal.JournalWriter;
import org.tongbao.durability.snapshot.SnapshotFiles;
import org.tongbao.engine.BatchOutcome;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.engine.wallet.WalletLimits;

/**
 * A real journal written batch by batch with {@link JournalWriter}, beside a live ledger that
 * applied the same batches: what recovery must rebuild. Also the file helpers the durability
 * tests share (copying a data directory, reading every byte of it, flipping a byte). Test
 * thread only.
 */
final class JournalFixture implements AutoCloseable {
    static final long CENTRAL_BANK = 1;
    static final long OPERATOR_A = 2;
    static final long OPERATOR_B = 3;
    static final long ALICE = 101;
    static final long BOB = 102;
    static final long CAROL = 103;
    static final long DAVE = 201;
    static final long SHOP = 301;
    static final int GUSU = 320508;
    static final int GROCERIES = 5411;

    /** 15 November 2023, 06:13 in Suzhou. */
    static final long START_MS = 1_700_000_000_000L;
    static final long STEP_MS = 1_000;
    /** Room for several records, so every record of a small journal shares one segment. */
    static final long ONE_SEGMENT_BYTES = 1 << 20;

    private final DataDirectory data;
    private final Ledger ledger;
    private final JournalWriter writer;
    private final CommandBatch batch;
    private final BatchOutcome outcome;
    private long nowMs = START_MS;

    private JournalFixture(final Path root, final LedgerConfig config, final long segmentBytesMax) {
        this.data = new DataDirectory(root);
        this.ledger = new Ledger(config);
        this.writer = JournalWriter.open(data.journal(), JournalScan.empty(), config.batchMax(), segmentBytesMax);
        this.batch = new CommandBatch(config.batchMax());
        this.outcome = new BatchOutcome(config.batchMax());
    }

    /** Limits small enough that a recovery allocates almost nothing: 64 accounts, batches of 64. */
    static LedgerConfig config() {
        return new LedgerConfig(64, 64, 64, LedgerConfig.PENDING_TIMEOUT_MAX_SECONDS_DEFAULT, 4_096, 64,
                WalletLimits.defaults());
    }

    static JournalFixture create(final Path root, final LedgerConfig config, final long segmentBytesMax) {
        return new JournalFixture(root, config, segmentBytesMax);
    }

    DataDirectory data() {
        return data;
    }

    Ledger ledger() {
        return ledger;
    }

    byte[] headHash() {
        return writer.headHash();
    }

    long nowMs() {
        return nowMs;
    }

    /** Journals the commands as the next batch, one second after the last, syncs, and applies them to the live ledger. */
    BatchOutcome append(final Command... commands) {
        return append(List.of(commands));
    }

    BatchOutcome append(final List<? extends Command> commands) {
        batch.clear();
        for (final Command command : commands) {
            command.appendTo(batch);
        }
        nowMs += STEP_MS;
        final long sequence = ledger.sequence() + 1;
        try {
            writer.append(sequence, nowMs, batch);
            writer.sync();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        ledger.apply(sequence, nowMs, batch, outcome);
        assertThat(ledger.checkInvariants()).as("invariants after batch %d", sequence).isEmpty();
        return outcome;
    }

    /** A snapshot of the live ledger now. */
    SnapshotFiles.Snapshot snapshot() {
        return SnapshotFiles.write(data.snapshots(), ledger, writer.headHash());
    }

    /** Opens the central bank, two operators and five wallets, and issues and exchanges money to them. */
    void openStandardAccounts() {
        for (final List<Command> batch : standardAccountBatches()) {
            final BatchOutcome applied = append(batch);
            for (int i = 0; i < applied.count(); i++) {
                assertThat(applied.result(i)).as("set-up command %d of batch %d", i, ledger.sequence())
                        .isEqualTo(ResultCode.OK);
            }
        }
    }

    /** The batches of {@link #openStandardAccounts}: accounts, issuance, exchange into the wallets. */
    static List<List<Command>> standardAccountBatches() {
        return List.of(
                List.of(Command.OpenAccount.of(CENTRAL_BANK, AccountKind.CENTRAL_BANK, 0, 0, 0, 0),
                        Command.OpenAccount.of(OPERATOR_A, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0),
                        Command.OpenAccount.of(OPERATOR_B, AccountKind.OPERATOR_RESERVE, 0, 0, 0, 0),
                        Command.OpenAccount.of(ALICE, AccountKind.PERSONAL, OPERATOR_A, 1, GUSU, 0),
                        Command.OpenAccount.of(BOB, AccountKind.PERSONAL, OPERATOR_A, 1, GUSU, 0),
                        Command.OpenAccount.of(CAROL, AccountKind.PERSONAL, OPERATOR_A, 4, 0, 0),
                        Command.OpenAccount.of(DAVE, AccountKind.PERSONAL, OPERATOR_B, 1, GUSU, 0),
                        Command.OpenAccount.of(SHOP, AccountKind.MERCHANT, OPERATOR_A, 1, GUSU, GROCERIES)),
                List.of(Command.Transfer.of(10, CENTRAL_BANK, OPERATOR_A, 100_000_000, TransferCode.ISSUANCE),
                        Command.Transfer.of(11, CENTRAL_BANK, OPERATOR_B, 100_000_000, TransferCode.ISSUANCE)),
                List.of(Command.Transfer.of(20, OPERATOR_A, ALICE, 5_000_000, TransferCode.EXCHANGE_IN),
                        Command.Transfer.of(21, OPERATOR_A, BOB, 5_000_000, TransferCode.EXCHANGE_IN),
                        Command.Transfer.of(22, OPERATOR_A, CAROL, 50_000, TransferCode.EXCHANGE_IN),
                        Command.Transfer.of(23, OPERATOR_B, DAVE, 5_000_000, TransferCode.EXCHANGE_IN)));
    }

    /** {@code count} person-to-person payments among the tier-1 wallets of operator A, ids from {@code firstId}. */
    static List<Command> payments(final long firstId, final int count) {
        final List<Command> payments = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final boolean aliceToBob = i % 2 == 0;
            payments.add(Command.Transfer.of(firstId + i, aliceToBob ? ALICE : BOB, aliceToBob ? BOB : ALICE, 100 + i,
                    TransferCode.P2P));
        }
        return payments;
    }

    /** Every record of the journal in {@code data}: file, offset, sequence, length. */
    static List<RecordPlace> records(final DataDirectory data) {
        final List<RecordPlace> places = new ArrayList<>();
        JournalReader.scan(data.journal(), record -> places.add(RecordPlace.of(record)));
        return places;
    }

    /** Where one record lies. */
    record RecordPlace(Path file, long offset, long sequence, int length) {
        static RecordPlace of(final JournalRecord record) {
            return new RecordPlace(record.file(), record.offset(), record.sequence(), record.record().limit());
        }

        long end() {
            return offset + length;
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    // ------------------------------------------------------------------------------------
    // Files
    // ------------------------------------------------------------------------------------

    /** Every regular file under {@code root}, by relative path, with its size and the SHA-256 of its bytes. */
    static TreeMap<String, String> contents(final Path root) {
        final TreeMap<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (final Path file : walk.filter(Files::isRegularFile).toList()) {
                final byte[] bytes = Files.readAllBytes(file);
                files.put(root.relativize(file).toString(), bytes.length + " bytes, SHA-256 "
                        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    /** Copies the directory tree {@code from} to {@code to} (which must not exist). */
    static void copyTree(final Path from, final Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (final Path source : walk.toList()) {
                final Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inverts every bit of the byte at {@code offset} of {@code file}. */
    static void flipByte(final Path file, final long offset) {
        try {
            final byte[] bytes = Files.readAllBytes(file);
            bytes[Math.toIntExact(offset)] ^= (byte) 0xFF;
            Files.write(file, bytes);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
