package org.tongbao.server.http;

import io.javalin.http.Context;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.history.query.Direction;
import org.tongbao.history.query.StatementFilter;

/**
 * The query parameters of the history routes, read strictly into a {@link StatementFilter}:
 * {@code from} and {@code to} (a day {@code YYYY-MM-DD} in Asia/Shanghai, {@code to} taking in
 * the whole day; or an ISO-8601 date-time with offset, {@code to} exclusive), {@code code}
 * (transfer code names, comma-separated), {@code counterparty}, {@code minFen} and {@code maxFen}
 * (inclusive), {@code direction} (in, out, both) and {@code format} (json, csv). A bad value
 * is a 400 naming the parameter. Stateless; any thread.
 */
final class HistoryFilters {
    static final ZoneId PILOT_ZONE = ZoneId.of("Asia/Shanghai");
    private static final long DAY_MS = 86_400_000L;

    private HistoryFilters() {
    }

    /** The filter the request asks for; {@code counterparty} only where {@code withCounterparty}. */
    static StatementFilter parse(final Context ctx, final boolean withCounterparty) {
        final long fromMs = time(ctx, "from", false);
        final long untilMs = time(ctx, "to", true);
        if (fromMs >= untilMs) {
            throw bad("from", "The period is empty: from must be before to.");
        }
        final long minFen = amount(ctx, "minFen", 0);
        final long maxFen = amount(ctx, "maxFen", Long.MAX_VALUE);
        if (minFen > maxFen) {
            throw bad("minFen", "minFen must not exceed maxFen.");
        }
        final long counterparty = withCounterparty ? positive(ctx, "counterparty") : 0;
        return new StatementFilter(fromMs, untilMs, codeMask(ctx), counterparty, minFen, maxFen, Direction.BOTH);
    }

    /** {@code direction}: in (payee held there), out (payer held there), both (default). */
    static Direction direction(final Context ctx) {
        final String text = ctx.queryParam("direction");
        if (text == null) {
            return Direction.BOTH;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "in" -> Direction.IN;
            case "out" -> Direction.OUT;
            case "both" -> Direction.BOTH;
            default -> throw bad("direction", "direction must be in, out or both.");
        };
    }

    /** Whether the answer is CSV: {@code format=csv}, or {@code Accept: text/csv} without {@code format}. */
    static boolean wantsCsv(final Context ctx) {
        final String format = ctx.queryParam("format");
        if (format != null) {
            return switch (format) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw bad("format", "format must be json or csv.");
            };
        }
        final String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
    }

    private static long time(final Context ctx, final String name, final boolean end) {
        final String text = ctx.queryParam(name);
        if (text == null) {
            return end ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        try {
            if (text.length() == 10) {
                final long dayStartMs = LocalDate.parse(text).atStartOfDay(PILOT_ZONE).toInstant().toEpochMilli();
                return end ? dayStartMs + DAY_MS : dayStartMs;
            }
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (final DateTimeParseException | ArithmeticException e) {
            throw bad(name, name + " must be a day (2023-01-31) or a date-time with offset (2023-01-31T09:30:00+08:00).");
        }
    }

    private static long amount(final Context ctx, final String name, final long absent) {
        final String text = ctx.queryParam(name);
        if (text == null) {
            return absent;
        }
        try {
            final long fen = Long.parseLong(text);
            if (fen >= 0) {
                return fen;
            }
        } catch (final NumberFormatException e) {
            // refused below
        }
        throw bad(name, name + " must be a whole number of fen, 0 or more.");
    }

    private static long positive(final Context ctx, final String name) {
        final String text = ctx.queryParam(name);
        if (text == null) {
            return 0;
        }
        try {
            final long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (final NumberFormatException e) {
            // refused below
        }
        throw bad(name, name + " must be a positive account id.");
    }

    private static long codeMask(final Context ctx) {
        long mask = 0;
        for (final String list : ctx.queryParams("code")) {
            for (final String name : list.split(",", -1)) {
                try {
                    mask |= 1L << TransferCode.valueOf(name.trim()).number();
                } catch (final IllegalArgumentException e) {
                    throw bad("code", "'" + name + "' is not a transfer code (P2P, MERCHANT_PAYMENT, EXCHANGE_IN...).");
                }
            }
        }
        return mask;
    }

    private static ProblemException bad(final String field, final String detail) {
        return Problem.of(400, "bad-query", "Bad query parameter", detail, field).exception();
    }
}
