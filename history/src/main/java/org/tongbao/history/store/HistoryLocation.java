package org.tongbao.history.store;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the history lives, parsed once from what a user types ({@code --history}): nothing for
 * the SQLite file {@code DIR/history.db}, a file path (or {@code sqlite:PATH}) for another
 * SQLite file, or {@code postgresql://host:port/db?user=...&password=...[&schema=...]} for a
 * PostgreSQL server. Turns it into a JDBC URL and credentials. Immutable; any thread.
 *
 * @param dialect  which database
 * @param jdbcUrl  the JDBC URL (without user and password for PostgreSQL)
 * @param user     PostgreSQL role, or null for SQLite
 * @param password PostgreSQL password, or null
 * @param schema   PostgreSQL schema the tables live in, or null for SQLite
 */
public record HistoryLocation(Dialect dialect, String jdbcUrl, String user, String password, String schema) {
    public static final String DEFAULT_FILE = "history.db";
    public static final String DEFAULT_SCHEMA = "tongbao_history";
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern POSTGRES = Pattern.compile("postgres(ql)?://[^/?]+/[^/?]+(\\?.*)?");

    /** Which SQL database: the schema and every statement are the same but for what the enum says. */
    public enum Dialect {
        SQLITE, POSTGRESQL
    }

    /** The default: the SQLite file {@code history.db} in the data directory. */
    public static HistoryLocation sqliteIn(final Path dataDirectory) {
        return sqliteFile(dataDirectory.resolve(DEFAULT_FILE));
    }

    public static HistoryLocation sqliteFile(final Path file) {
        return new HistoryLocation(Dialect.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(), null, null, null);
    }

    /**
     * Parses {@code text} (null or blank: SQLite in {@code dataDirectory}). Fails with a message
     * a person can act on.
     */
    public static HistoryLocation parse(final String text, final Path dataDirectory) {
        if (text == null || text.isBlank()) {
            return sqliteIn(dataDirectory);
        }
        if (text.startsWith("postgres")) {
            return postgres(text);
        }
        if (text.startsWith("jdbc:")) {
            throw new IllegalArgumentException("--history takes postgresql://host:port/db?user=...&password=... or a"
                    + " SQLite file path, not a JDBC URL: " + text);
        }
        return sqliteFile(Path.of(text.startsWith("sqlite:") ? text.substring("sqlite:".length()) : text));
    }

    private static HistoryLocation postgres(final String text) {
        if (!POSTGRES.matcher(text).matches()) {
            throw new IllegalArgumentException("not a PostgreSQL address (postgresql://host:port/db?user=...&password=...): "
                    + redact(text));
        }
        final int query = text.indexOf('?');
        final String hostAndDatabase = text.substring(text.indexOf("://") + 3, query < 0 ? text.length() : query);
        final Map<String, String> parameters = new LinkedHashMap<>();
        if (query >= 0) {
            for (final String pair : text.substring(query + 1).split("&")) {
                final int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new IllegalArgumentException("PostgreSQL address parameter without a value: " + pair);
                }
                parameters.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        final String user = parameters.remove("user");
        final String password = parameters.remove("password");
        final String schema = parameters.getOrDefault("schema", DEFAULT_SCHEMA);
        parameters.remove("schema");
        if (user == null) {
            throw new IllegalArgumentException("the PostgreSQL address needs ?user=...: " + redact(text));
        }
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be a lower-case SQL name: " + schema);
        }
        final StringBuilder url = new StringBuilder("jdbc:postgresql://").append(hostAndDatabase)
                .append("?currentSchema=").append(schema).append("&reWriteBatchedInserts=true");
        for (final Map.Entry<String, String> extra : parameters.entrySet()) {
            url.append('&').append(extra.getKey()).append('=')
                    .append(URLEncoder.encode(extra.getValue(), StandardCharsets.UTF_8));
        }
        return new HistoryLocation(Dialect.POSTGRESQL, url.toString(), user, password, schema);
    }

    /** The address with its password replaced, for messages and logs. */
    public String describe() {
        return dialect == Dialect.SQLITE ? "SQLite " + jdbcUrl.substring("jdbc:sqlite:".length())
                : "PostgreSQL " + jdbcUrl.substring("jdbc:".length(), jdbcUrl.indexOf('?')) + " schema " + schema
                        + " as " + user;
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String redact(final String text) {
        return text.replaceAll("password=[^&]*", "password=***");
    }
}
