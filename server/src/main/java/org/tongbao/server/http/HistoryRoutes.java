package org.tongbao.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tongbao.engine.AccountView;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.history.HistoryException;
import org.tongbao.history.query.CsvExport;
import org.tongbao.history.query.CsvRow;
import org.tongbao.history.query.Direction;
import org.tongbao.history.query.HistoryQueries;
import org.tongbao.history.query.Page;
import org.tongbao.history.query.StatementFilter;
import org.tongbao.history.query.StatementLine;
import org.tongbao.history.query.TransferRow;
import org.tongbao.server.http.auth.Access;
import org.tongbao.server.http.auth.Principal;
import org.tongbao.server.http.auth.Role;

/**
 * The transaction history over HTTP: a wallet's statement with running balance, a merchant's
 * receipts, an operator bank's transfers and lookup of a transfer by id, as JSON pages (by
 * cursor) or as CSV ({@code Accept: text/csv} or {@code ?format=csv}: the whole result,
 * streamed). Reads come from the SQL history, which may lag the ledger: every answer says how
 * far the history goes ({@code projectedSequence} and the {@value #PROJECTED_HEADER} header).
 *
 * <p>Who reads what ({@link Access#readsHistoryOf}): an account's history, its operator, the
 * merchant that owns it, auditors and the central bank; an operator's listing, that operator,
 * auditors and the central bank; city administrators nothing. A party's balance is shown only
 * to whoever may read that party's history. Without a history every route answers 503.
 */
final class HistoryRoutes {
    static final String PROJECTED_HEADER = "History-Projected-Sequence";
    /** The problem slug of a server without history: a setting, not overload, so no Retry-After. */
    static final String HISTORY_OFF = "history-off";
    private static final Set<String> ACCOUNT_QUERY = Set.of("from", "to", "code", "counterparty", "minFen", "maxFen",
            "cursor", "limit", "format");
    private static final Set<String> OPERATOR_QUERY = Set.of("from", "to", "code", "direction", "minFen", "maxFen",
            "cursor", "limit", "format");

    private HistoryRoutes() {
    }

    static void register(final ApiServer.RouteTable routes, final ApiContext api) {
        routes.get("/v1/accounts/{id}/statement", ctx -> account(ctx, api, Direction.BOTH, "statement"),
                Role.CENTRAL_BANK, Role.OPERATOR, Role.MERCHANT, Role.AUDITOR);
        routes.get("/v1/accounts/{id}/receipts", ctx -> account(ctx, api, Direction.IN, "receipts"),
                Role.CENTRAL_BANK, Role.OPERATOR, Role.MERCHANT, Role.AUDITOR);
        routes.get("/v1/operators/{id}/transfers", ctx -> operator(ctx, api),
                Role.CENTRAL_BANK, Role.OPERATOR, Role.AUDITOR);
        routes.get("/v1/history/transfers/{id}", ctx -> transfer(ctx, api),
                Role.CENTRAL_BANK, Role.OPERATOR, Role.MERCHANT, Role.AUDITOR);
    }

    /** A statement (both directions) or receipts (money in) of one account. */
    private static void account(final Context ctx, final ApiContext api, final Direction direction, final String name) {
        final HistoryProjection history = required(api);
        ApiContext.onlyQuery(ctx, ACCOUNT_QUERY);
        final long accountId = api.pathId(ctx, "id");
        final AccountView account = api.ledger.read(ledger -> ledger.account(accountId));
        if (account == null) {
            throw Problem.of(ResultCode.ACCOUNT_NOT_FOUND, null).exception();
        }
        if (!Access.readsHistoryOf(api.principal(ctx), account)) {
            throw api.forbidden(ctx, "account " + accountId + " is not one whose history this token may read", null);
        }
        final StatementFilter filter = HistoryFilters.parse(ctx, true).direction(direction);
        final HistoryQueries queries = history.queries();
        final long projected = history.projectedSequence();
        if (HistoryFilters.wantsCsv(ctx)) {
            csv(ctx, projected, name + "-" + accountId, StatementLine.CSV_HEADER, cursor(ctx, api),
                    (before, limit) -> queries.statement(accountId, filter, before, limit));
            return;
        }
        final long before = cursor(ctx, api);
        final int limit = limit(ctx, api);
        final Page<StatementLine> page = query(() -> queries.statement(accountId, filter, before, limit));
        final ObjectNode body = pageBody(ctx, history, projected);
        body.put("accountId", accountId);
        final ArrayNode items = body.putArray("items");
        page.rows().forEach(line -> items.add(line(line)));
        nextCursor(body, page);
        Json.write(ctx, 200, body);
    }

    /** Transfers with a party held at an operator bank. */
    private static void operator(final Context ctx, final ApiContext api) {
        final HistoryProjection history = required(api);
        ApiContext.onlyQuery(ctx, OPERATOR_QUERY);
        final long operatorId = api.pathId(ctx, "id");
        final Principal who = api.principal(ctx);
        if (!Access.readsOperatorHistory(who, operatorId)) {
            throw api.forbidden(ctx, "operator " + operatorId + " is not one whose transfers this token may list", null);
        }
        final AccountView reserve = api.ledger.read(ledger -> ledger.account(operatorId));
        if (reserve == null || reserve.kind() != AccountKind.OPERATOR_RESERVE) {
            throw Problem.of(404, "operator-not-found", "Operator not found",
                    "No operator bank has reserve account " + operatorId + ".", null).exception();
        }
        final StatementFilter filter = HistoryFilters.parse(ctx, false).direction(HistoryFilters.direction(ctx));
        final HistoryQueries queries = history.queries();
        final long projected = history.projectedSequence();
        final boolean everyBalance = !who.is(Role.OPERATOR);
        if (HistoryFilters.wantsCsv(ctx)) {
            csv(ctx, projected, "operator-" + operatorId, TransferRow.CSV_HEADER, cursor(ctx, api), (before, limit) -> {
                final Page<TransferRow> page = queries.operatorTransfers(operatorId, filter, before, limit);
                final List<Shown> shown = new ArrayList<>(page.rows().size());
                page.rows().forEach(row -> shown.add(new Shown(row, everyBalance || row.debitOperatorId() == operatorId,
                        everyBalance || row.creditOperatorId() == operatorId)));
                return new Page<>(shown, page.nextCursor());
            });
            return;
        }
        final long before = cursor(ctx, api);
        final int limit = limit(ctx, api);
        final Page<TransferRow> page = query(() -> queries.operatorTransfers(operatorId, filter, before, limit));
        final ObjectNode body = pageBody(ctx, history, projected);
        body.put("operatorId", operatorId);
        final ArrayNode items = body.putArray("items");
        page.rows().forEach(row -> items.add(transferRow(new Shown(row,
                everyBalance || row.debitOperatorId() == operatorId, everyBalance || row.creditOperatorId() == operatorId))));
        nextCursor(body, page);
        Json.write(ctx, 200, body);
    }

    /** Every row of one transfer id that the caller may see a party of. */
    private static void transfer(final Context ctx, final ApiContext api) {
        final HistoryProjection history = required(api);
        ApiContext.onlyQuery(ctx, Set.of());
        final long transferId = api.pathId(ctx, "id");
        final long projected = history.projectedSequence();
        final List<TransferRow> rows = query(() -> history.queries().transfer(transferId));
        if (rows.isEmpty()) {
            throw Problem.of(404, "transfer-not-found", "Transfer not found", "No transfer with this id is in the"
                    + " history, which holds the journal up to batch " + projected + " (it may lag the ledger by "
                    + history.lagBatches() + " batches).", null).exception();
        }
        final Principal who = api.principal(ctx);
        final List<Shown> shown = api.ledger.read(ledger -> {
            final List<Shown> visible = new ArrayList<>(rows.size());
            for (final TransferRow row : rows) {
                final boolean debit = Access.readsHistoryOf(who, ledger.account(row.debitId()));
                final boolean credit = Access.readsHistoryOf(who, ledger.account(row.creditId()));
                if (debit || credit) {
                    visible.add(new Shown(row, debit, credit));
                }
            }
            return visible;
        });
        if (shown.isEmpty()) {
            throw api.forbidden(ctx, "transfer " + transferId + " is neither from nor to an account whose history"
                    + " this token may read", null);
        }
        final ObjectNode body = pageBody(ctx, history, projected);
        body.put("transferId", transferId);
        final ArrayNode items = body.putArray("rows");
        shown.forEach(row -> items.add(transferRow(row)));
        Json.write(ctx, 200, body);
    }

    // ------------------------------------------------------------------------------------

    private static HistoryProjection required(final ApiContext api) {
        final HistoryProjection history = api.ledger.history();
        if (history == null) {
            throw Problem.of(503, HISTORY_OFF, "History off", "This server keeps no transaction history. Start it"
                    + " with 'tongbao serve --history sqlite' (the default: DIR/history.db) or '--history"
                    + " postgresql://host:port/db?user=...&password=...'.", null).exception();
        }
        return history;
    }

    private static int limit(final Context ctx, final ApiContext api) {
        return Math.min(api.limit(ctx), HistoryQueries.PAGE_ROWS_MAX);
    }

    private static <T> T query(final java.util.function.Supplier<T> query) {
        try {
            return query.get();
        } catch (final HistoryException e) {
            throw unavailable(e);
        }
    }

    private static ProblemException unavailable(final HistoryException e) {
        return Problem.of(503, "history-unavailable", "History unavailable", "The history database did not answer: "
                + e.getMessage(), null).exception();
    }

    private static ObjectNode pageBody(final Context ctx, final HistoryProjection history, final long projected) {
        ctx.header(PROJECTED_HEADER, Long.toString(projected));
        final ObjectNode body = Json.object();
        body.put("projectedSequence", projected);
        body.put("lagBatches", history.lagBatches());
        return body;
    }

    private static void nextCursor(final ObjectNode body, final Page<?> page) {
        if (page.hasMore()) {
            body.put("nextCursor", ApiContext.encodeCursor(page.nextCursor()));
        } else {
            body.putNull("nextCursor");
        }
    }

    /** Streams the whole result, from the request's cursor on, as CSV. */
    private static <T extends CsvRow> void csv(final Context ctx, final long projected, final String name,
                                               final List<String> header, final long start,
                                               final CsvExport.PageSource<T> source) {
        if (ctx.queryParam("limit") != null) {
            throw Problem.of(400, "unknown-field", "Limit with CSV", "A CSV export is the whole result (from cursor"
                    + " when given); leave out limit, or ask for JSON pages.", "limit").exception();
        }
        ctx.status(200);
        ctx.header(PROJECTED_HEADER, Long.toString(projected));
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
        ctx.contentType("text/csv; charset=utf-8; header=present");
        try {
            final Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8);
            CsvExport.exportAll(out, header, (before, limit) ->
                    source.page(before == Page.FIRST ? start : before, limit));
            out.flush();
        } catch (final HistoryException e) {
            throw unavailable(e);
        } catch (final IOException e) {
            throw new java.io.UncheckedIOException("writing a CSV export failed", e);
        }
    }

    /** The page's cursor: a position a previous page returned (positive), or before everything. */
    private static long cursor(final Context ctx, final ApiContext api) {
        final long position = api.cursor(ctx, Page.FIRST);
        if (position <= 0) {
            throw Problem.of(400, "bad-cursor", "Bad cursor", "cursor must be a value a previous page returned as"
                    + " nextCursor.", "cursor").exception();
        }
        return position;
    }

    private static ObjectNode line(final StatementLine line) {
        final ObjectNode n = Json.object();
        n.put("batch", line.sequence());
        n.put("timestampMs", line.timeMs());
        n.put("event", CsvExport.eventName(line.eventType()));
        n.put("transferId", line.transferId());
        n.put("code", CsvExport.codeName(line.code()));
        n.put("counterpartyId", line.counterpartyId());
        n.put("amountFen", line.amountFen());
        n.put("balanceFen", line.balanceFen());
        n.put("reference", line.reference());
        return n;
    }

    private static ObjectNode transferRow(final Shown shown) {
        final TransferRow row = shown.row();
        final ObjectNode n = Json.object();
        n.put("batch", row.sequence());
        n.put("timestampMs", row.timeMs());
        n.put("event", CsvExport.eventName(row.eventType()));
        n.put("transferId", row.transferId());
        n.put("code", CsvExport.codeName(row.code()));
        n.put("debitAccountId", row.debitId());
        n.put("creditAccountId", row.creditId());
        n.put("amountFen", row.amountFen());
        n.put("reference", row.reference());
        if (shown.debitBalance()) {
            n.put("debitBalanceFen", row.debitBalanceFen());
        } else {
            n.putNull("debitBalanceFen");
        }
        if (shown.creditBalance()) {
            n.put("creditBalanceFen", row.creditBalanceFen());
        } else {
            n.putNull("creditBalanceFen");
        }
        n.put("debitOperatorId", row.debitOperatorId());
        n.put("creditOperatorId", row.creditOperatorId());
        return n;
    }

    /**
     * A transfer row with each party's balance shown only when the caller may read that party's
     * history (an operator listing shows another bank's customer's balance to nobody but
     * auditors and the central bank).
     */
    private record Shown(TransferRow row, boolean debitBalance, boolean creditBalance) implements CsvRow {
        @Override
        public void appendCsv(final StringBuilder line) {
            line.append(row.position()).append(',').append(row.sequence()).append(',').append(row.rowNumber())
                    .append(',').append(row.commandIndex()).append(',').append(CsvExport.time(row.timeMs())).append(',')
                    .append(CsvExport.eventName(row.eventType())).append(',').append(row.transferId()).append(',')
                    .append(CsvExport.codeName(row.code())).append(',').append(row.debitId()).append(',')
                    .append(row.creditId()).append(',').append(row.amountFen()).append(',').append(row.reference())
                    .append(',').append(debitBalance ? Long.toString(row.debitBalanceFen()) : "").append(',')
                    .append(creditBalance ? Long.toString(row.creditBalanceFen()) : "").append(',')
                    .append(row.debitOperatorId()).append(',').append(row.creditOperatorId());
        }
    }
}
