package org.tongbao.server.http;

import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.escrow.EscrowDefault;
import org.tongbao.engine.escrow.EscrowView;
import org.tongbao.server.http.auth.Access;
import org.tongbao.server.http.auth.Principal;
import org.tongbao.server.http.auth.Role;

/**
 * Escrow of prepaid funds: lock (out of an account the caller covers), release or refund (on
 * behalf of a party the caller covers; the ledger decides which party may do which), read (by
 * whoever covers the payer, the beneficiary or the authorised party).
 */
final class EscrowRoutes {
    private EscrowRoutes() {
    }

    static void register(final ApiServer.RouteTable routes, final ApiContext api) {
        routes.post("/v1/escrows", ctx -> lock(ctx, api), Role.OPERATOR, Role.MERCHANT);
        routes.get("/v1/escrows/{id}", ctx -> {
            ApiContext.onlyQuery(ctx, Set.of());
            final long escrowId = api.pathId(ctx, "id");
            final Principal who = api.principal(ctx);
            final Object[] found = api.ledger.read(ledger -> {
                final EscrowView view = ledger.escrow(escrowId);
                return new Object[] {view, view != null && (Access.covers(who, ledger.account(view.payerId()))
                        || Access.covers(who, ledger.account(view.beneficiaryId()))
                        || view.authorisedId() != 0 && Access.covers(who, ledger.account(view.authorisedId())))};
            });
            if (found[0] == null) {
                throw Problem.of(ResultCode.ESCROW_NOT_FOUND, null).exception();
            }
            if (!(Boolean) found[1]) {
                throw api.forbidden(ctx, "escrow " + escrowId + " has no party this token covers", null);
            }
            Json.write(ctx, 200, Views.escrow((EscrowView) found[0]));
        }, Role.OPERATOR, Role.MERCHANT);
        routes.post("/v1/escrows/{id}/release", ctx -> decide(ctx, api, true), Role.OPERATOR, Role.MERCHANT);
        routes.post("/v1/escrows/{id}/refund", ctx -> decide(ctx, api, false), Role.OPERATOR, Role.MERCHANT);
    }

    private static void lock(final Context ctx, final ApiContext api) {
        final JsonFields body = api.body(ctx);
        final long escrowId = body.requiredLong("escrowId");
        final long payerId = body.requiredLong("payerId");
        final long beneficiaryId = body.requiredLong("beneficiaryId");
        final long amount = body.requiredFen("amountFen");
        final long authorisedId = body.optionalLong("authorisedId", 0);
        final long deadlineMs = body.requiredLong("deadlineMs");
        final int defaultAction = body.requiredEnum("defaultAction", EscrowDefault.class, EscrowDefault::number,
                ResultCode.ESCROW_DEFAULT_INVALID);
        final long userData = body.optionalLong("userData", 0);
        body.done();
        api.visibleAccount(ctx, payerId, "payerId");
        api.commit(ctx, new Command.LockEscrow(escrowId, payerId, beneficiaryId, amount, authorisedId, deadlineMs,
                defaultAction, userData), 201, Map.of("debitAccountId", "payerId", "creditAccountId", "beneficiaryId"));
    }

    private static void decide(final Context ctx, final ApiContext api, final boolean release) {
        final long escrowId = api.pathId(ctx, "id");
        final JsonFields body = api.body(ctx);
        final long commandId = api.commandId(ctx, body, "commandId", 0);
        final long partyId = body.requiredLong("partyId");
        final long amount = body.optionalFenOrAll("amountFen");
        final long userData = body.optionalLong("userData", 0);
        body.done();
        api.visibleAccount(ctx, partyId, "partyId");
        api.commit(ctx, release ? new Command.ReleaseEscrow(commandId, escrowId, partyId, amount, userData)
                : new Command.RefundEscrow(commandId, escrowId, partyId, amount, userData), 200, Map.of());
    }
}
