package org.tongbao.durability.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.tongbao.durability.journal.JournalDescriptor;
import org.tongbao.durability.journal.JournalReader;
import org.tongbao.durability.journal.JournalScan;
import org.tongbao.engine.command.CommandDescriptor;

/**
 * A proof that a command is in the journal, checkable by a third party against a published
 * head hash without the journal: the content of the batch that holds it, the chain hash
 * before that batch, and the content digest of every later batch. Recomputing
 * SHA-256(previous ‖ SHA-256(content)) and then folding in each later digest must give the
 * head (see {@link JournalDescriptor}).
 *
 * <p>Text format, one item per line: {@code tongbao-inclusion-proof 1}, {@code command <id>},
 * {@code batch <sequence> <index in batch>}, {@code previous <hex>}, {@code content <hex>},
 * {@code later <hex>} (zero or more, in order), {@code head <hex>}.
 */
public record InclusionProof(long commandId, long sequence, int index, byte[] previousHash, byte[] content,
                             List<byte[]> laterDigests, byte[] headHash) {
    private static final String MAGIC = "tongbao-inclusion-proof 1";
    private static final HexFormat HEX = HexFormat.of();

    /** The proof for the first command with id {@code commandId} in the journal, or null when none has it. */
    public static InclusionProof build(final Path journalDirectory, final long commandId) {
        final Object[] found = new Object[4];
        final List<byte[]> later = new ArrayList<>();
        final JournalScan scan = JournalReader.scan(journalDirectory, record -> {
            if (found[0] != null) {
                later.add(record.contentDigest());
                return;
            }
            final ByteBuffer bytes = record.record();
            for (int i = 0; i < record.commandCount(); i++) {
                final int base = JournalDescriptor.COMMANDS_OFFSET + i * JournalDescriptor.COMMAND_BYTES;
                if (bytes.getLong(base + CommandDescriptor.ID * Long.BYTES) == commandId) {
                    found[0] = record.sequence();
                    found[1] = i;
                    found[2] = record.previousHash();
                    found[3] = content(bytes);
                    return;
                }
            }
        });
        if (found[0] == null) {
            return null;
        }
        return new InclusionProof(commandId, (Long) found[0], (Integer) found[1], (byte[]) found[2], (byte[]) found[3],
                later, scan.headHash());
    }

    /** Why this proof does not hold against {@code publishedHead}, or null when it does. */
    public String problemAgainst(final byte[] publishedHead) {
        final ByteBuffer buffer = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
        final int headerBytes = JournalDescriptor.PREVIOUS_HASH_OFFSET - JournalDescriptor.SEQUENCE_OFFSET;
        final int commandOffset = headerBytes + index * JournalDescriptor.COMMAND_BYTES;
        if (buffer.getLong(0) != sequence) {
            return "the batch content is of batch " + buffer.getLong(0) + ", not " + sequence;
        }
        if (commandOffset + JournalDescriptor.COMMAND_BYTES > content.length
                || buffer.getLong(commandOffset + CommandDescriptor.ID * Long.BYTES) != commandId) {
            return "command " + commandId + " is not at position " + index + " of the batch";
        }
        byte[] hash = sha256(previousHash, sha256(content));
        for (final byte[] digest : laterDigests) {
            hash = sha256(hash, digest);
        }
        if (!Arrays.equals(hash, headHash)) {
            return "the chain from the batch does not lead to the proof's head hash";
        }
        if (!Arrays.equals(headHash, publishedHead)) {
            return "the proof leads to head " + HEX.formatHex(headHash) + ", not the published " + HEX.formatHex(publishedHead);
        }
        return null;
    }

    public void write(final Path file) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            out.write(MAGIC + "\n");
            out.write("command " + commandId + "\n");
            out.write("batch " + sequence + " " + index + "\n");
            out.write("previous " + HEX.formatHex(previousHash) + "\n");
            out.write("content " + HEX.formatHex(content) + "\n");
            for (final byte[] digest : laterDigests) {
                out.write("later " + HEX.formatHex(digest) + "\n");
            }
            out.write("head " + HEX.formatHex(headHash) + "\n");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write the proof to " + file, e);
        }
    }

    public static InclusionProof read(final Path file) {
        final List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the proof " + file, e);
        }
        if (lines.size() < 6 || !lines.get(0).equals(MAGIC)) {
            throw new IllegalArgumentException(file + " is not a Tongbao inclusion proof");
        }
        try {
            final long commandId = Long.parseLong(value(lines.get(1), "command"));
            final String[] batch = value(lines.get(2), "batch").split(" ");
            final byte[] previous = HEX.parseHex(value(lines.get(3), "previous"));
            final byte[] content = HEX.parseHex(value(lines.get(4), "content"));
            final List<byte[]> later = new ArrayList<>();
            for (int i = 5; i < lines.size() - 1; i++) {
                later.add(HEX.parseHex(value(lines.get(i), "later")));
            }
            final byte[] head = HEX.parseHex(value(lines.get(lines.size() - 1), "head"));
            return new InclusionProof(commandId, Long.parseLong(batch[0]), Integer.parseInt(batch[1]), previous, content,
                    later, head);
        } catch (final RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a well-formed inclusion proof: " + e.getMessage(), e);
        }
    }

    private static String value(final String line, final String key) {
        if (!line.startsWith(key + " ")) {
            throw new IllegalArgumentException("expected a '" + key + "' line, found '" + line + "'");
        }
        return line.substring(key.length() + 1);
    }

    /** Bytes [8, 32) of the record and its commands: what the content digest covers. */
    private static byte[] content(final ByteBuffer record) {
        final int headerBytes = JournalDescriptor.PREVIOUS_HASH_OFFSET - JournalDescriptor.SEQUENCE_OFFSET;
        final int commandBytes = record.limit() - JournalDescriptor.COMMANDS_OFFSET;
        final byte[] content = new byte[headerBytes + commandBytes];
        record.get(JournalDescriptor.SEQUENCE_OFFSET, content, 0, headerBytes);
        record.get(JournalDescriptor.COMMANDS_OFFSET, content, headerBytes, commandBytes);
        return content;
    }

    private static byte[] sha256(final byte[]... parts) {
        try {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (final byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
