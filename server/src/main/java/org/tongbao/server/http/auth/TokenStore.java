package org.tongbao.server.http.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's bearer tokens, kept in {@code tokens} in the data directory as SHA-256 hashes
 * only: the token itself is shown once, when created, and never stored. One line per token:
 * {@code id role scope createdMs revoked sha256}. A token reads {@code tb_<id>_<secret>}: the
 * id (16 hex digits, safe to log) finds the line, the hash of the whole token must match.
 *
 * <p>The command line creates and revokes tokens while a server runs: changes are written to a
 * temporary file and renamed into place under a lock file, and {@link #authenticate} re-reads
 * the file whenever it changed, so a revocation takes effect at the next request. Thread-safe.
 */
public final class TokenStore {
    public static final String FILE_NAME = "tokens";
    private static final String PREFIX = "tb_";
    private static final int SECRET_BYTES = 32;
    private static final int ID_BYTES = 8;
    private static final HexFormat HEX = HexFormat.of();

    /** One token as stored. */
    public record TokenRecord(String id, Role role, long scopeAccountId, long createdMs, boolean revoked,
                              byte[] sha256) {
    }

    /** A new token: the secret to hand to its holder (printed once) and what is stored. */
    public record Created(String token, TokenRecord record) {
    }

    private final Path file;
    private final Path lockFile;
    private final SecureRandom random = new SecureRandom();
    private Map<String, TokenRecord> byId = Map.of();
    private Object loadedVersion;

    public TokenStore(final Path dataDirectory) {
        this.file = dataDirectory.resolve(FILE_NAME);
        this.lockFile = dataDirectory.resolve(FILE_NAME + ".lock");
    }

    /** Creates and stores a token; the returned secret is not kept anywhere. */
    public Created create(final Role role, final long scopeAccountId, final long nowMs) {
        if (role.scoped() != (scopeAccountId != 0)) {
            throw new IllegalArgumentException(role.scoped()
                    ? "a " + role.label() + " token needs the account it acts for (--" + role.label() + " ID)"
                    : "a " + role.label() + " token is not scoped to an account; leave out --operator and --merchant");
        }
        final byte[] idBytes = new byte[ID_BYTES];
        final byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(idBytes);
        random.nextBytes(secret);
        final String id = HEX.formatHex(idBytes);
        final String token = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        final TokenRecord record = new TokenRecord(id, role, scopeAccountId, nowMs, false, sha256(token));
        update(records -> records.put(id, record));
        return new Created(token, record);
    }

    /** Revokes the one token whose id starts with {@code idPrefix} (at least 4 hex digits); returns it. */
    public TokenRecord revoke(final String idPrefix) {
        if (idPrefix == null || idPrefix.length() < 4) {
            throw new IllegalArgumentException("give at least the first 4 digits of the token id");
        }
        final TokenRecord[] revoked = new TokenRecord[1];
        update(records -> {
            final List<TokenRecord> matches = new ArrayList<>();
            for (final TokenRecord record : records.values()) {
                if (record.id().startsWith(idPrefix.toLowerCase(java.util.Locale.ROOT))) {
                    matches.add(record);
                }
            }
            if (matches.size() != 1) {
                throw new IllegalArgumentException(matches.isEmpty() ? "no token id starts with " + idPrefix
                        : matches.size() + " token ids start with " + idPrefix + "; give more digits");
            }
            final TokenRecord old = matches.get(0);
            revoked[0] = new TokenRecord(old.id(), old.role(), old.scopeAccountId(), old.createdMs(), true, old.sha256());
            records.put(old.id(), revoked[0]);
        });
        return revoked[0];
    }

    public List<TokenRecord> list() {
        return List.copyOf(load().values());
    }

    /** The caller a bearer token stands for, or null when it is unknown, malformed or revoked. */
    public Principal authenticate(final String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 128) {
            return null;
        }
        final int end = token.indexOf('_', PREFIX.length());
        if (end < 0) {
            return null;
        }
        final TokenRecord record = current().get(token.substring(PREFIX.length(), end));
        if (record == null || record.revoked() || !MessageDigest.isEqual(record.sha256(), sha256(token))) {
            return null;
        }
        return new Principal(record.id(), record.role(), record.scopeAccountId());
    }

    /** The token id within a token string, for logs; null when it has none. */
    public static String idOf(final String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return null;
        }
        final int end = token.indexOf('_', PREFIX.length());
        return end < 0 || end - PREFIX.length() != ID_BYTES * 2 ? null : token.substring(PREFIX.length(), end);
    }

    /** The records as of the file now, re-read only when the file changed since the last read. */
    private synchronized Map<String, TokenRecord> current() {
        final Object version = version();
        if (!version.equals(loadedVersion)) {
            byId = load();
            loadedVersion = version;
        }
        return byId;
    }

    private Object version() {
        try {
            final BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(attributes.lastModifiedTime(), attributes.size(), String.valueOf(attributes.fileKey()));
        } catch (final IOException e) {
            return List.of();
        }
    }

    private Map<String, TokenRecord> load() {
        final Map<String, TokenRecord> records = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return records;
        }
        try {
            for (final String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                final String[] f = line.trim().split(" ");
                if (f.length != 6) {
                    throw new IllegalStateException(file + " has a malformed line: " + line.split(" ")[0] + "...");
                }
                records.put(f[0], new TokenRecord(f[0], Role.ofLabel(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                        Boolean.parseBoolean(f[4]), HEX.parseHex(f[5])));
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the token file " + file, e);
        }
        return records;
    }

    private void update(final java.util.function.Consumer<Map<String, TokenRecord>> change) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                final Map<String, TokenRecord> records = load();
                change.accept(records);
                write(records);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot update the token file " + file, e);
        }
    }

    private void write(final Map<String, TokenRecord> records) throws IOException {
        final StringBuilder text = new StringBuilder(
                "# Tongbao API tokens: id role scope createdMs revoked sha256(token). Secrets are never stored.\n");
        for (final TokenRecord r : records.values()) {
            text.append(r.id()).append(' ').append(r.role().label()).append(' ').append(r.scopeAccountId()).append(' ')
                    .append(r.createdMs()).append(' ').append(r.revoked()).append(' ').append(HEX.formatHex(r.sha256()))
                    .append('\n');
        }
        final Path temporary = file.resolveSibling(FILE_NAME + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII)));
            out.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (final AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static byte[] sha256(final String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
