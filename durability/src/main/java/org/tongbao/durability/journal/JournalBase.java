package org.tongbao.durability.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Where the journal directory begins once older segments have been archived: the file
 * {@code journal/BASE} names the last archived batch and its chain hash, so the first segment
 * left in place still links to it and the hash chain stays checkable end to end. Without the
 * file the journal begins at genesis (batch 0, zero hash).
 *
 * <pre>
 *  # Tongbao journal base: segments up to this batch were archived
 *  sequence=1234
 *  head=&lt;64 hex digits: chain hash of batch 1234&gt;
 * </pre>
 *
 * Written atomically (temporary file, fsync, rename, fsync of the directory). Stateless; any
 * thread.
 */
public record JournalBase(long sequence, byte[] headHash) {
    public static final String FILE_NAME = "BASE";

    public JournalBase {
        if (sequence < 0 || headHash.length != JournalDescriptor.HASH_BYTES) {
            throw new IllegalArgumentException("a journal base has a sequence >= 0 and a 32-byte hash");
        }
        headHash = headHash.clone();
    }

    public static JournalBase genesis() {
        return new JournalBase(0, JournalScan.GENESIS_HASH);
    }

    /** The base of the journal in {@code directory}: its BASE file, or genesis when there is none. */
    public static JournalBase read(final Path directory) {
        final Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return genesis();
        }
        final Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            return new JournalBase(Long.parseLong(properties.getProperty("sequence", "").trim()),
                    HexFormat.of().parseHex(properties.getProperty("head", "").trim()));
        } catch (final RuntimeException e) {
            throw new JournalCorruptedException(file, 0, "the journal base file is not a sequence and a 64-digit hash");
        }
    }

    /** Writes this base into {@code directory}, replacing any older one. */
    public void write(final Path directory) {
        final Path file = directory.resolve(FILE_NAME);
        final Path temporary = directory.resolve(FILE_NAME + ".tmp");
        final String text = "# Tongbao journal base: segments up to this batch were archived\nsequence=" + sequence
                + "\nhead=" + HexFormat.of().formatHex(headHash) + "\n";
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            JournalWriter.syncDirectory(directory);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Where a scan of the journal starts: after this base. */
    public JournalScan start() {
        return new JournalScan(sequence, headHash.clone(), 0, 0, null, 0, 0);
    }
}
