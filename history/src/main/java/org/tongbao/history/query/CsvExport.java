package org.tongbao.history.query;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.payment.TransferCode;

/**
 * Writes query results as CSV (RFC 4180: comma-separated, CRLF line ends, a header line, fields
 * quoted only when they hold a comma, quote or line break). Times are ISO-8601 in Asia/Shanghai,
 * amounts integer fen, codes and events by name. {@link #exportAll} pages through a whole
 * result, so a statement of any length streams with bounded memory.
 */
public final class CsvExport {
    /** Rows per page when exporting a whole result. */
    public static final int EXPORT_PAGE_ROWS = 1_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME
            .withZone(ZoneId.of("Asia/Shanghai"));

    /** A keyset-paginated query: the page before {@code cursor}. */
    @FunctionalInterface
    public interface PageSource<T> {
        Page<T> page(long beforePosition, int limit);
    }

    private CsvExport() {
    }

    /** Writes {@code header} and {@code rows}. */
    public static void write(final Writer out, final List<String> header, final Iterable<? extends CsvRow> rows)
            throws IOException {
        writeHeader(out, header);
        final StringBuilder line = new StringBuilder(256);
        for (final CsvRow row : rows) {
            writeRow(out, row, line);
        }
        out.flush();
    }

    /** Writes {@code header} and every row of the query, page after page; returns the rows written. */
    public static <T extends CsvRow> long exportAll(final Writer out, final List<String> header,
                                                    final PageSource<T> query) throws IOException {
        writeHeader(out, header);
        final StringBuilder line = new StringBuilder(256);
        long written = 0;
        long cursor = Page.FIRST;
        do {
            final Page<T> page = query.page(cursor, EXPORT_PAGE_ROWS);
            for (final T row : page.rows()) {
                writeRow(out, row, line);
            }
            written += page.rows().size();
            cursor = page.nextCursor();
        } while (cursor != 0);
        out.flush();
        return written;
    }

    /** One field, quoted when it needs to be. */
    public static String field(final String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** A batch time as written in CSV: ISO-8601 in Asia/Shanghai. */
    public static String time(final long timeMs) {
        return TIME.format(Instant.ofEpochMilli(timeMs));
    }

    /** A transfer code's name, or its number when unknown. */
    public static String codeName(final int code) {
        return TransferCode.isValidNumber(code) ? TransferCode.ofNumber(code).name() : Integer.toString(code);
    }

    /** An event type's name, or its number when unknown. */
    public static String eventName(final int eventType) {
        final EventType known = eventType >= 0 && eventType < 32 ? EventType.ofNumber(eventType) : null;
        return known == null ? Integer.toString(eventType) : known.name();
    }

    private static void writeHeader(final Writer out, final List<String> header) throws IOException {
        final StringBuilder line = new StringBuilder();
        for (int i = 0; i < header.size(); i++) {
            line.append(i == 0 ? "" : ",").append(field(header.get(i)));
        }
        out.write(line.append("\r\n").toString());
    }

    private static void writeRow(final Writer out, final CsvRow row, final StringBuilder line) throws IOException {
        line.setLength(0);
        row.appendCsv(line);
        out.write(line.append("\r\n").toString());
    }
}
