package org.tongbao.kpi.aggregate;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.CRC32C;
import org.tongbao.kpi.metric.Dimension;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.metric.MetricDefinitions;
import org.tongbao.kpi.metric.Period;

/**
 * The aggregates as bytes, for the KPI snapshot beside each ledger snapshot. Big-endian
 * ({@link DataOutputStream}), everything exact, so a restored {@link KpiAggregates} answers
 * every query as the original did and continues with the next batch as it would have.
 *
 * <pre>
 *  magic "TBKPI001" | version int | sequence long | volume codes long | today int
 *  dictionaries: per dimension (declaration order): key count int, then (key, display) longs for slots 1..count−1
 *  day rows: first key int, row count int; per row, per lane: length int, longs
 *  distinct rows: the same, for day, week, month, quarter, year
 *  profiles: count int, (account, size, sector) ints
 *  loans: count int, (loan, amount, packed slots) longs
 *  day stamps: account count int, last-paid chars, last-transacted chars
 *  crc32c long: CRC-32C of every byte before it
 * </pre>
 *
 * Versions: 1, the first; 2 adds the {@link Dimension#CAMPAIGN} dictionary and lane (one more of
 * each, and one more field in a loan's packed slots). A file of another version is refused with
 * a message naming both versions (recovery then rebuilds the aggregates from the journal, see
 * {@code KpiReadModel}): a version 1 file cannot say which campaign its movements were for.
 *
 * <p>Stateless; call from the thread that owns the aggregates (writing) or any thread (reading).
 */
public final class AggregatesCodec {
    public static final int VERSION = 2;
    private static final byte[] MAGIC = "TBKPI001".getBytes(StandardCharsets.US_ASCII);

    private AggregatesCodec() {
    }

    /** Writes {@code aggregates} to {@code file} atomically (temporary file, sync, rename). */
    public static void writeFile(final KpiAggregates aggregates, final Path file) {
        final Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                write(aggregates, Channels.newOutputStream(channel));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write the KPI snapshot " + file, e);
        }
    }

    /** Reads aggregates written by {@link #writeFile}; throws {@link IllegalStateException} when damaged or foreign. */
    public static KpiAggregates readFile(final Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the KPI snapshot " + file, e);
        }
    }

    public static void write(final KpiAggregates aggregates, final OutputStream target) throws IOException {
        final CRC32C crc = new CRC32C();
        final DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(target, 1 << 20), crc));
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(aggregates.sequence);
        out.writeLong(aggregates.definitions.volumeCodes());
        out.writeInt(aggregates.today);
        for (final Dimension dimension : Dimension.values()) {
            final SlotDictionary dictionary = aggregates.dictionaries[RowStore.lane(dimension)];
            out.writeInt(dictionary.keyCount());
            for (int slot = 1; slot < dictionary.keyCount(); slot++) {
                out.writeLong(dictionary.key(slot));
                out.writeLong(dictionary.display(slot));
            }
        }
        writeRows(out, aggregates.days);
        for (final RowStore store : aggregates.distinct) {
            writeRows(out, store);
        }
        final int[][] profiles = aggregates.profiles.entries();
        out.writeInt(profiles[0].length);
        for (int i = 0; i < profiles[0].length; i++) {
            out.writeInt(profiles[0][i]);
            out.writeInt(profiles[1][i]);
            out.writeInt(profiles[2][i]);
        }
        final long[][] loans = aggregates.loans.entries();
        out.writeInt(loans[0].length);
        for (int i = 0; i < loans[0].length; i++) {
            out.writeLong(loans[0][i]);
            out.writeLong(loans[1][i]);
            out.writeLong(loans[2][i]);
        }
        out.writeInt(aggregates.lastPaid.length);
        for (final char stamp : aggregates.lastPaid) {
            out.writeChar(stamp);
        }
        for (final char stamp : aggregates.lastTransacted) {
            out.writeChar(stamp);
        }
        out.flush();
        final long value = crc.getValue();
        new DataOutputStream(target).writeLong(value);
        target.flush();
    }

    private static void writeRows(final DataOutputStream out, final RowStore store) throws IOException {
        out.writeInt(store.isEmpty() ? 0 : store.firstKey());
        out.writeInt(store.count());
        for (int key = store.firstKey(); !store.isEmpty() && key <= store.lastKey(); key++) {
            for (final long[] lane : store.row(key)) {
                out.writeInt(lane.length);
                for (final long value : lane) {
                    out.writeLong(value);
                }
            }
        }
    }

    public static KpiAggregates read(final InputStream source, final String name) throws IOException {
        final CRC32C crc = new CRC32C();
        final InputStream buffered = new BufferedInputStream(source, 1 << 20);
        final DataInputStream in = new DataInputStream(new CheckedInputStream(buffered, crc));
        final byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        check(Arrays.equals(magic, MAGIC), name + " is not a Tongbao KPI snapshot (bad magic)");
        final int version = in.readInt();
        check(version == VERSION, name + " has KPI snapshot version " + version + "; this build reads version " + VERSION
                + " only");
        final long sequence = in.readLong();
        final KpiAggregates aggregates = new KpiAggregates(new MetricDefinitions(in.readLong()));
        aggregates.sequence = sequence;
        aggregates.today = in.readInt();
        for (final Dimension dimension : Dimension.values()) {
            final SlotDictionary dictionary = aggregates.dictionaries[RowStore.lane(dimension)];
            final int keys = in.readInt();
            check(keys >= 1 && keys < dimension.slotsMax(), name + ": bad slot count for " + dimension);
            for (int slot = 1; slot < keys; slot++) {
                dictionary.add(in.readLong(), in.readLong());
            }
        }
        readRows(in, aggregates.days, Metric.DAY_COLUMNS, name);
        for (int p = 0; p < Period.values().length; p++) {
            readRows(in, aggregates.distinct[p], Metric.DISTINCT_COLUMNS, name);
        }
        final int profiles = in.readInt();
        check(profiles >= 0, name + ": bad profile count");
        for (int i = 0; i < profiles; i++) {
            aggregates.profiles.put(in.readInt(), in.readInt(), in.readInt());
        }
        final int loans = in.readInt();
        check(loans >= 0, name + ": bad loan count");
        for (int i = 0; i < loans; i++) {
            final int position = aggregates.loans.positionOf(in.readLong());
            aggregates.loans.set(position, in.readLong(), in.readLong());
        }
        final int accounts = in.readInt();
        check(accounts >= 0, name + ": bad account count");
        aggregates.lastPaid = readChars(in, accounts);
        aggregates.lastTransacted = readChars(in, accounts);
        final long expected = crc.getValue();
        final long stored = new DataInputStream(buffered).readLong();
        check(stored == expected, name + " fails its CRC-32C check");
        check(buffered.read() < 0, name + " has bytes after its checksum");
        aggregates.refreshSlotsUsed();
        return aggregates;
    }

    private static void readRows(final DataInputStream in, final RowStore store, final int columns, final String name)
            throws IOException {
        final int first = in.readInt();
        final int count = in.readInt();
        check(count >= 0 && count <= RowStore.ROWS_MAX, name + ": bad row count " + count);
        final long[][][] rows = new long[count][RowStore.LANES][];
        for (int r = 0; r < count; r++) {
            for (int lane = 0; lane < RowStore.LANES; lane++) {
                final int length = in.readInt();
                check(length >= 0 && length % columns == 0 && length <= columns * Dimension.slotsMaxTotal(),
                        name + ": bad lane length " + length);
                final long[] values = new long[length];
                for (int i = 0; i < length; i++) {
                    values[i] = in.readLong();
                }
                rows[r][lane] = values;
            }
        }
        if (count > 0) {
            store.restore(first, rows);
        }
    }

    private static char[] readChars(final DataInputStream in, final int count) throws IOException {
        final char[] chars = new char[Math.max(count, 16)];
        for (int i = 0; i < count; i++) {
            chars[i] = in.readChar();
        }
        return chars;
    }

    private static void check(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
