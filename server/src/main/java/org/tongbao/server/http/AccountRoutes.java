package org.tongbao.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tongbao.engine.AccountView;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.account.AccountDescriptor;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.server.http.auth.Access;
import org.tongbao.server.http.auth.Principal;
import org.tongbao.server.http.auth.Role;
import org.tongbao.server.http.auth.SecurityLog;

/**
 * Accounts and wallets: open, read, list (by cursor), change tier, freeze, unfreeze, close, a
 * wallet's earmarked campaign funds and its recent movements (a merchant's receipts). The
 * central bank opens and reads its own account and operator reserves; an operator opens and
 * manages accounts held at it; a merchant reads its own wallets.
 */
final class AccountRoutes {
    /** Accounts looked at per page of a list at most, so one request cannot hold the ledger thread long. */
    private static final int LIST_SCAN_MAX = 200_000;

    private AccountRoutes() {
    }

    static void register(final ApiServer.RouteTable routes, final ApiContext api) {
        routes.post("/v1/accounts", ctx -> open(ctx, api), Role.CENTRAL_BANK, Role.OPERATOR);
        routes.get("/v1/accounts", ctx -> list(ctx, api), Role.CENTRAL_BANK, Role.OPERATOR, Role.MERCHANT);
        routes.get("/v1/accounts/{id}", ctx -> Json.write(ctx, 200,
                Views.account(api.visibleAccount(ctx, api.pathId(ctx, "id"), null))),
                Role.CENTRAL_BANK, Role.OPERATOR, Role.MERCHANT);
        routes.post("/v1/accounts/{id}/tier", ctx -> {
            final long accountId = managed(ctx, api);
            final JsonFields body = api.body(ctx);
            final long commandId = api.commandId(ctx, body, "commandId", 0);
            final int tier = body.requiredInt("tier");
            body.done();
            SecurityLog.action(api.principal(ctx), "changes account " + accountId + " to tier " + tier);
            api.commit(ctx, new Command.ChangeTier(commandId, accountId, tier), 200, Map.of());
        }, Role.OPERATOR);
        routes.post("/v1/accounts/{id}/freeze", ctx -> status(ctx, api, "freezes",
                (id, account) -> new Command.Freeze(id, account)), Role.OPERATOR);
        routes.post("/v1/accounts/{id}/unfreeze", ctx -> status(ctx, api, "unfreezes",
                (id, account) -> new Command.Unfreeze(id, account)), Role.OPERATOR);
        routes.post("/v1/accounts/{id}/close", ctx -> status(ctx, api, "closes",
                (id, account) -> new Command.Close(id, account)), Role.OPERATOR);
        routes.get("/v1/accounts/{id}/earmarks", ctx -> {
            ApiContext.onlyQuery(ctx, Set.of());
            final long walletId = api.pathId(ctx, "id");
            api.visibleAccount(ctx, walletId, null);
            Json.write(ctx, 200, Views.earmarks(walletId, api.ledger.read(ledger -> ledger.earmarks(walletId))));
        }, Role.OPERATOR, Role.MERCHANT);
        routes.get("/v1/accounts/{id}/transfers", ctx -> movements(ctx, api),
                Role.CENTRAL_BANK, Role.OPERATOR, Role.MERCHANT);
    }

    private static void open(final Context ctx, final ApiContext api) {
        final JsonFields body = api.body(ctx);
        final long accountId = body.requiredLong("accountId");
        final int kindNumber = body.requiredEnum("kind", AccountKind.class, AccountKind::number,
                ResultCode.ACCOUNT_KIND_INVALID);
        final long operatorId = body.optionalLong("operatorId", 0);
        final int tier = body.optionalInt("tier", 0);
        final int district = body.optionalInt("district", 0);
        final int merchantCategory = body.optionalInt("merchantCategory", 0);
        final boolean hard = body.optionalBoolean("hardWallet", false);
        final long parentId = body.optionalLong("parentId", 0);
        final long userData = body.optionalLong("userData", 0);
        body.done();
        final AccountKind kind = AccountKind.ofNumber(kindNumber);
        final Principal who = api.principal(ctx);
        if (!Access.mayOpen(who, kind, operatorId)) {
            throw api.forbidden(ctx, who.is(Role.OPERATOR)
                    ? "an operator opens personal, corporate, merchant and government accounts held at itself"
                    + " (operatorId " + who.scopeAccountId() + ")"
                    : "the central bank opens only its issuance account and operator reserves", "kind");
        }
        SecurityLog.action(who, "opens " + kind + " account " + accountId + " at operator " + operatorId);
        api.commit(ctx, new Command.OpenAccount(accountId, kindNumber, operatorId, tier, district, merchantCategory, hard,
                parentId, userData), 201, Map.of());
    }

    private interface StatusCommand {
        Command make(long commandId, long accountId);
    }

    private static void status(final Context ctx, final ApiContext api, final String verb, final StatusCommand command) {
        final long accountId = managed(ctx, api);
        final JsonFields body = api.body(ctx);
        final long commandId = api.commandId(ctx, body, "commandId", 0);
        body.done();
        SecurityLog.action(api.principal(ctx), verb + " account " + accountId);
        api.commit(ctx, command.make(commandId, accountId), 200, Map.of());
    }

    /** The path's account, which the caller must manage (404 unknown, 403 another's). */
    private static long managed(final Context ctx, final ApiContext api) {
        final long accountId = api.pathId(ctx, "id");
        api.visibleAccount(ctx, accountId, null);
        return accountId;
    }

    private static void list(final Context ctx, final ApiContext api) {
        ApiContext.onlyQuery(ctx, Set.of("cursor", "limit"));
        final int limit = api.limit(ctx);
        final long start = api.cursor(ctx, 0);
        final Principal who = api.principal(ctx);
        final List<AccountView> page = new ArrayList<>();
        final long next = api.ledger.read(ledger -> scan(ledger, who, start, limit, page));
        final ObjectNode body = Json.object();
        final ArrayNode items = body.putArray("items");
        page.forEach(account -> items.add(Views.account(account)));
        if (next >= 0) {
            body.put("nextCursor", ApiContext.encodeCursor(next));
        } else {
            body.putNull("nextCursor");
        }
        Json.write(ctx, 200, body);
    }

    /** Fills {@code page} from dense index {@code start}; returns where the next page starts, or -1 at the end. */
    private static long scan(final Ledger ledger, final Principal who, final long start, final int limit,
                             final List<AccountView> page) {
        final int count = ledger.accountCount();
        final int scope = who.scopeAccountId() == 0 ? -1 : ledger.accountIndex(who.scopeAccountId());
        int index = (int) Math.max(0, Math.min(start, count));
        int examined = 0;
        while (index < count && page.size() < limit && examined < LIST_SCAN_MAX) {
            if (mayMatch(ledger, who, scope, index)) {
                final AccountView view = ledger.account(ledger.accountId(index));
                if (Access.covers(who, view)) {
                    page.add(view);
                }
            }
            index++;
            examined++;
        }
        return index < count ? index : -1;
    }

    private static boolean mayMatch(final Ledger ledger, final Principal who, final int scope, final int index) {
        return switch (who.role()) {
            case OPERATOR -> index == scope || ledger.operatorIndex(index) == scope;
            case CENTRAL_BANK -> {
                final int kind = AccountDescriptor.kind(ledger.accountAttributes(index));
                yield kind == AccountKind.CENTRAL_BANK.number() || kind == AccountKind.OPERATOR_RESERVE.number();
            }
            case MERCHANT -> true;
            default -> false;
        };
    }

    private static void movements(final Context ctx, final ApiContext api) {
        ApiContext.onlyQuery(ctx, Set.of("cursor", "limit"));
        final long accountId = api.pathId(ctx, "id");
        api.visibleAccount(ctx, accountId, null);
        final int limit = api.limit(ctx);
        final long before = api.cursor(ctx, Long.MAX_VALUE);
        final List<RecentTransfers.Movement> page = api.ledger.read(ledger ->
                api.ledger.recent.ofAccount(accountId, before, limit));
        final ObjectNode body = Json.object();
        body.put("accountId", accountId);
        final ArrayNode items = body.putArray("items");
        page.forEach(movement -> items.add(Views.movement(movement)));
        if (page.size() == limit && page.get(page.size() - 1).position() > 0) {
            body.put("nextCursor", ApiContext.encodeCursor(page.get(page.size() - 1).position()));
        } else {
            body.putNull("nextCursor");
        }
        Json.write(ctx, 200, body);
    }
}
