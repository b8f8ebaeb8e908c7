package org.tongbao.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.history.HistoryException;
import org.tongbao.history.query.TransferRow;
import org.tongbao.server.http.auth.Access;
import org.tongbao.server.http.auth.AccountOwner;
import org.tongbao.server.http.auth.Principal;
import org.tongbao.server.http.auth.Role;
import org.tongbao.server.http.auth.SecurityLog;

/**
 * Transfers: one, or a batch of up to 8,000 committed as one block with a result per item;
 * two-phase (pending, post, void); issuance and redemption; reading a transfer (recent ones from
 * memory, older ones from the SQL history). Only
 * the central bank issues and redeems, and it moves no other money; everyone else moves money
 * only out of accounts it covers (an operator's customers, a merchant's own wallets). A batch
 * is checked whole before anything is submitted: one malformed or forbidden item refuses the
 * request and applies nothing.
 */
final class TransferRoutes {
    private TransferRoutes() {
    }

    static void register(final ApiServer.RouteTable routes, final ApiContext api) {
        routes.post("/v1/transfers", ctx -> single(ctx, api), Role.CENTRAL_BANK, Role.OPERATOR, Role.MERCHANT);
        routes.post("/v1/transfers/batch", ctx -> batch(ctx, api), Role.CENTRAL_BANK, Role.OPERATOR, Role.MERCHANT);
        routes.get("/v1/transfers/{id}", ctx -> read(ctx, api), Role.CENTRAL_BANK, Role.OPERATOR, Role.MERCHANT);
        routes.post("/v1/transfers/{id}/post", ctx -> resolve(ctx, api, true), Role.OPERATOR, Role.MERCHANT);
        routes.post("/v1/transfers/{id}/void", ctx -> resolve(ctx, api, false), Role.OPERATOR, Role.MERCHANT);
        routes.post("/v1/issuances", ctx -> supply(ctx, api, TransferCode.ISSUANCE), Role.CENTRAL_BANK);
        routes.post("/v1/redemptions", ctx -> supply(ctx, api, TransferCode.REDEMPTION), Role.CENTRAL_BANK);
    }

    private static void single(final Context ctx, final ApiContext api) {
        final JsonFields body = api.body(ctx);
        final Command.Transfer transfer = transfer(ctx, api, body, 0, false);
        body.done();
        authorise(ctx, api, List.of(transfer));
        if (isSupply(transfer.code())) {
            SecurityLog.action(api.principal(ctx), TransferCode.ofNumber(transfer.code()) + " " + transfer.amountFen()
                    + " fen, transfer " + transfer.transferId());
        }
        api.commit(ctx, transfer, 201, Map.of());
    }

    private static void batch(final Context ctx, final ApiContext api) {
        final JsonFields body = api.body(ctx);
        final List<JsonFields> items = body.requiredObjects("transfers", api.config.batchItemsMax());
        body.done();
        final CommandBatch commands = new CommandBatch(items.size());
        final List<Command.Transfer> transfers = new java.util.ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                final Command.Transfer transfer = transfer(ctx, api, items.get(i), i, true);
                items.get(i).done();
                transfers.add(transfer);
                transfer.appendTo(commands);
            } catch (final ProblemException e) {
                throw e.problem().atIndex(i).exception();
            }
        }
        authorise(ctx, api, transfers);
        final Sequencer.Reply reply = api.ledger.submit(commands);
        Json.writeStreamed(ctx, 200, 64 + transfers.size() * 96, json -> batchResults(json, transfers, reply));
    }

    /** {@code {results: [{index, id, result, code, status, replayed[, detail, field]}...], applied, rejected}}. */
    private static void batchResults(final JsonGenerator json, final List<Command.Transfer> transfers,
                                     final Sequencer.Reply reply) throws IOException {
        json.writeStartObject();
        json.writeArrayFieldStart("results");
        int ok = 0;
        for (int i = 0; i < transfers.size(); i++) {
            final ResultCode code = ResultCode.ofNumber(reply.results()[i]);
            json.writeStartObject();
            json.writeNumberField("index", i);
            json.writeNumberField("id", transfers.get(i).transferId());
            json.writeStringField("result", code.name());
            json.writeNumberField("code", code.number());
            json.writeNumberField("status", code == ResultCode.OK ? 201 : ResultStatus.status(code));
            json.writeBooleanField("replayed", reply.replayed()[i]);
            if (code == ResultCode.OK) {
                ok++;
            } else {
                json.writeStringField("detail", code.message());
                if (ResultStatus.field(code) != null) {
                    json.writeStringField("field", ResultStatus.field(code));
                }
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("applied", ok);
        json.writeNumberField("rejected", transfers.size() - ok);
        json.writeEndObject();
    }

    /** Reads one transfer item; {@code inBatch} allows {@code linked} and numbers derived ids by item. */
    private static Command.Transfer transfer(final Context ctx, final ApiContext api, final JsonFields fields,
                                             final int index, final boolean inBatch) {
        final long transferId = api.commandId(ctx, fields, "transferId", index);
        final long debit = fields.requiredLong("debitAccountId");
        final long credit = fields.requiredLong("creditAccountId");
        final long amount = fields.requiredFen("amountFen");
        final int code = fields.requiredEnum("code", TransferCode.class, TransferCode::number,
                ResultCode.TRANSFER_CODE_INVALID);
        final boolean pending = fields.optionalBoolean("pending", false);
        final int timeoutSeconds = fields.optionalInt("timeoutSeconds", 0);
        final boolean linked = inBatch && fields.optionalBoolean("linked", false);
        final long userData = fields.optionalLong("userData", 0);
        final int flags = (pending ? CommandDescriptor.FLAG_PENDING : 0) | (linked ? CommandDescriptor.FLAG_LINKED : 0);
        return new Command.Transfer(transferId, debit, credit, amount, code, flags, timeoutSeconds, userData);
    }

    private static boolean isSupply(final int code) {
        return code == TransferCode.ISSUANCE.number() || code == TransferCode.REDEMPTION.number();
    }

    /**
     * The caller may send every transfer: the central bank only issuance and redemption (and no
     * one else those); anyone else only out of accounts it covers. Unknown debit accounts pass
     * here and are refused by the ledger (DEBIT_ACCOUNT_NOT_FOUND).
     */
    private static void authorise(final Context ctx, final ApiContext api, final List<Command.Transfer> transfers) {
        final Principal who = api.principal(ctx);
        final long[] debits = new long[transfers.size()];
        for (int i = 0; i < transfers.size(); i++) {
            final Command.Transfer transfer = transfers.get(i);
            if (isSupply(transfer.code()) != who.is(Role.CENTRAL_BANK)) {
                throw api.forbidden(ctx, who.is(Role.CENTRAL_BANK)
                        ? "the central bank sends only ISSUANCE and REDEMPTION transfers"
                        : "only the central bank issues and redeems e-CNY", "code").problem().atIndex(i).exception();
            }
            debits[i] = transfer.debitAccountId();
        }
        final AccountOwner[] owners = api.ledger.owners(debits);
        for (int i = 0; i < owners.length; i++) {
            if (owners[i] != null && !Access.covers(who, owners[i])) {
                throw api.forbidden(ctx, "account " + owners[i].id() + " is not one this token may pay from",
                        "debitAccountId").problem().atIndex(i).exception();
            }
        }
    }

    private static void supply(final Context ctx, final ApiContext api, final TransferCode code) {
        final JsonFields body = api.body(ctx);
        final long transferId = api.commandId(ctx, body, "transferId", 0);
        final long operatorId = body.requiredLong("operatorId");
        final long amount = body.requiredFen("amountFen");
        body.done();
        final long centralBank = api.centralBankId();
        if (centralBank == 0) {
            throw Problem.of(409, "no-central-bank", "No central bank account",
                    "Open the central bank's issuance account (kind CENTRAL_BANK) first.", null).exception();
        }
        final boolean issue = code == TransferCode.ISSUANCE;
        SecurityLog.action(api.principal(ctx), code + " " + amount + " fen " + (issue ? "to" : "from") + " operator "
                + operatorId + ", transfer " + transferId);
        api.commit(ctx, Command.Transfer.of(transferId, issue ? centralBank : operatorId, issue ? operatorId : centralBank,
                amount, code), 201, issue ? Map.of("creditAccountId", "operatorId") : Map.of("debitAccountId", "operatorId"));
    }

    private static void resolve(final Context ctx, final ApiContext api, final boolean post) {
        final long pendingId = api.pathId(ctx, "id");
        final JsonFields body = api.body(ctx);
        final long commandId = api.commandId(ctx, body, "commandId", 0);
        final long amount = post ? body.optionalFenOrAll("amountFen") : 0;
        body.done();
        final TermsIndex.PendingParties parties = api.ledger.read(ledger -> api.ledger.terms.pending(pendingId));
        if (parties == null) {
            throw Problem.of(ResultCode.PENDING_TRANSFER_NOT_FOUND, null).exception();
        }
        final Principal who = api.principal(ctx);
        final boolean covered = api.ledger.read(ledger -> Access.covers(who, ledger.account(parties.debitAccountId()))
                || Access.covers(who, ledger.account(parties.creditAccountId())));
        if (!covered) {
            throw api.forbidden(ctx, "pending transfer " + pendingId + " is neither from nor to an account of this token",
                    null);
        }
        api.commit(ctx, post ? Command.PostPending.of(commandId, pendingId, amount)
                : Command.VoidPending.of(commandId, pendingId), 200, Map.of());
    }

    /**
     * One transfer's movements: from the ring of recent movements, else (older, or after a
     * restart) from the SQL history when the server keeps one: its money rows with that
     * transfer id, in the same shape. Each movement is shown only to a caller who covers one of
     * its parties (403 when that leaves none): client-chosen ids can be used again once they
     * leave the idempotency window, so one id may name movements of different operators. The
     * history holds money movements only (a pending transfer's creation, void and expiry stay
     * in the ring) and may lag the ledger by a few batches; its answer carries the
     * {@code History-Projected-Sequence} header.
     */
    private static void read(final Context ctx, final ApiContext api) {
        ApiContext.onlyQuery(ctx, Set.of());
        final long transferId = api.pathId(ctx, "id");
        final Principal who = api.principal(ctx);
        final Lookup recent = api.ledger.read(ledger -> Lookup.of(ledger, who, api.ledger.recent.find(transferId)));
        List<RecentTransfers.Movement> visible = recent.visible();
        boolean found = recent.found();
        final HistoryProjection history = api.ledger.history();
        if (visible.isEmpty() && history != null) {
            final List<RecentTransfers.Movement> older = fromHistory(ctx, history, transferId);
            found |= !older.isEmpty();
            visible = older.isEmpty() ? older : api.ledger.read(ledger -> Lookup.of(ledger, who, older)).visible();
        }
        if (visible.isEmpty() && found) {
            throw api.forbidden(ctx, "transfer " + transferId + " is neither from nor to an account of this token", null);
        }
        if (visible.isEmpty()) {
            throw Problem.of(404, "transfer-not-found", "Transfer not found", history == null
                    ? "No transfer with this id is among the recent movements this server keeps."
                    : "No transfer with this id is among the recent movements this server keeps, nor in the history,"
                    + " which holds the journal up to batch " + history.projectedSequence() + " (it may lag the ledger"
                    + " by " + history.lagBatches() + " batches).", null).exception();
        }
        final ObjectNode body = Json.object();
        body.put("transferId", transferId);
        final ArrayNode items = body.putArray("movements");
        visible.forEach(movement -> items.add(Views.movement(movement)));
        Json.write(ctx, 200, body);
    }

    /** Whether a transfer's movements were found, and those of which the caller covers a party. */
    private record Lookup(boolean found, List<RecentTransfers.Movement> visible) {
        /** On the ledger thread: keeps the movements whose debit or credit account the caller covers. */
        static Lookup of(final Ledger ledger, final Principal who, final List<RecentTransfers.Movement> movements) {
            return new Lookup(!movements.isEmpty(), movements.stream()
                    .filter(movement -> Access.covers(who, ledger.account(movement.debitAccountId()))
                            || Access.covers(who, ledger.account(movement.creditAccountId())))
                    .toList());
        }
    }

    /** The money rows of {@code transferId} in the SQL history, as movements (none when unknown); 503 when it fails. */
    private static List<RecentTransfers.Movement> fromHistory(final Context ctx, final HistoryProjection history,
                                                             final long transferId) {
        final long projected = history.projectedSequence();
        final List<TransferRow> rows;
        try {
            rows = history.queries().transfer(transferId);
        } catch (final HistoryException e) {
            throw Problem.of(503, "history-unavailable", "History unavailable", "The transfer is not among the recent"
                    + " movements and the history database did not answer: " + e.getMessage(), null).exception();
        }
        ctx.header(HistoryRoutes.PROJECTED_HEADER, Long.toString(projected));
        final List<RecentTransfers.Movement> movements = new ArrayList<>(rows.size());
        for (final TransferRow row : rows) {
            movements.add(new RecentTransfers.Movement(row.position(), EventType.ofNumber(row.eventType()).name(),
                    row.transferId(), row.reference(), row.debitId(), row.creditId(), row.amountFen(), row.code(),
                    row.sequence(), row.timeMs()));
        }
        return movements;
    }
}
