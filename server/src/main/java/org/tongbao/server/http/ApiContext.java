package org.tongbao.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Set;
import org.tongbao.durability.sequencer.Sequencer;
import org.tongbao.engine.AccountView;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.account.AccountDescriptor;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.server.http.auth.Access;
import org.tongbao.server.http.auth.Principal;
import org.tongbao.server.http.auth.SecurityLog;

/**
 * What the handlers of every feature share: the caller, strict reads of the body, path and
 * query, command ids (from the body or the {@code Idempotency-Key} header), access checks on
 * accounts, and committing one command with its outcome written as the response. Thread-safe;
 * handlers call it from request threads.
 */
public final class ApiContext {
    static final String PRINCIPAL = "tongbao.principal";
    static final String ROUTE = "tongbao.route";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final int IDEMPOTENCY_KEY_LENGTH_MAX = 255;

    final ApiConfig config;
    final LedgerGateway ledger;
    final Metrics metrics;
    /** The central bank's issuance account id once known (there is only one, and it never changes); 0 before. */
    private volatile long centralBankId;

    ApiContext(final ApiConfig config, final LedgerGateway ledger, final Metrics metrics) {
        this.config = config;
        this.ledger = ledger;
        this.metrics = metrics;
    }

    /** The central bank's issuance account id, or 0 while none is open. */
    long centralBankId() {
        if (centralBankId == 0) {
            centralBankId = ledger.read(l -> {
                for (int i = 0; i < l.accountCount(); i++) {
                    if (AccountDescriptor.kind(l.accountAttributes(i)) == AccountKind.CENTRAL_BANK.number()) {
                        return l.accountId(i);
                    }
                }
                return 0L;
            });
        }
        return centralBankId;
    }

    Principal principal(final Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }

    JsonFields body(final Context ctx) {
        return Json.body(ctx, config.bodyBytesMax());
    }

    /** A 64-bit id from the path. */
    long pathId(final Context ctx, final String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (final NumberFormatException e) {
            throw Problem.of(400, "wrong-type", "Wrong type", "The path segment {" + name + "} must be a 64-bit integer.",
                    name).exception();
        }
    }

    /**
     * The id of the command a mutating request sends: the body's {@code field} when present,
     * else one derived from the {@code Idempotency-Key} header (and the caller's token, and
     * {@code index} within a batch), so a retry with the same key is the same command.
     */
    long commandId(final Context ctx, final JsonFields fields, final String field, final int index) {
        if (fields.has(field)) {
            return fields.requiredLong(field);
        }
        fields.optionalLong(field, 0);
        final String key = ctx.header(IDEMPOTENCY_KEY);
        if (key == null) {
            throw Problem.of(400, "missing-field", "Missing field", "Give the command an id: the field '"
                    + fields.path(field) + "', or an Idempotency-Key header.", fields.path(field)).exception();
        }
        return derivedId(principal(ctx).tokenId(), key, index);
    }

    static long derivedId(final String tokenId, final String key, final int index) {
        if (key.isEmpty() || key.length() > IDEMPOTENCY_KEY_LENGTH_MAX || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw Problem.of(400, "bad-idempotency-key", "Bad Idempotency-Key",
                    "The Idempotency-Key header must be 1 to 255 visible ASCII characters.", null).exception();
        }
        try {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(("tongbao-idempotency\0" + tokenId + "\0" + key + "\0" + index)
                    .getBytes(StandardCharsets.US_ASCII));
            final byte[] hash = digest.digest();
            long id = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                id = id << 8 | (hash[i] & 0xFF);
            }
            return id == 0 ? 1 : id;
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The account, if the caller may see it: 404 when it does not exist, 403 when it is not the caller's. */
    AccountView visibleAccount(final Context ctx, final long accountId, final String field) {
        final AccountView account = ledger.read(l -> l.account(accountId));
        if (account == null) {
            throw Problem.of(ResultCode.ACCOUNT_NOT_FOUND, field).exception();
        }
        requireCovered(ctx, account, field);
        return account;
    }

    void requireCovered(final Context ctx, final AccountView account, final String field) {
        if (!Access.covers(principal(ctx), account)) {
            throw forbidden(ctx, "account " + account.id() + " is not one this token may see or act for", field);
        }
    }

    /** A 403 for this caller, logged and counted. */
    ProblemException forbidden(final Context ctx, final String why, final String field) {
        final Principal who = principal(ctx);
        SecurityLog.denied(who, ctx.method().name(), ctx.path(), why);
        metrics.denied.increment();
        return Problem.of(403, "forbidden", "Forbidden",
                "A " + who.role().label() + " token may not do this: " + why + ".", field).exception();
    }

    /**
     * Commits one command and writes its outcome: {@code okStatus} (201 for a new resource, 200
     * for an action) with {@code {id, result, code}}, or the result code's problem document.
     * {@code fields} renames the generic field of a code ({@code amountFen}) to this request's.
     */
    void commit(final Context ctx, final Command command, final int okStatus, final Map<String, String> fields) {
        final CommandBatch batch = new CommandBatch(1);
        command.appendTo(batch);
        final Sequencer.Reply reply = ledger.submit(batch);
        final ResultCode code = ResultCode.ofNumber(reply.results()[0]);
        if (reply.replayed()[0]) {
            ctx.header(REPLAYED, "true");
        }
        if (code != ResultCode.OK) {
            final String generic = ResultStatus.field(code);
            throw Problem.of(code, generic == null ? null : fields.getOrDefault(generic, generic)).exception();
        }
        final ObjectNode body = Json.object();
        body.put("id", command.id());
        body.put("result", code.name());
        body.put("code", code.number());
        Json.write(ctx, okStatus, body);
    }

    /** The page size asked for ({@code limit}, default 100, at most the configured maximum). */
    int limit(final Context ctx) {
        final String text = ctx.queryParam("limit");
        if (text == null) {
            return Math.min(100, config.listLimitMax());
        }
        try {
            final int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= config.listLimitMax()) {
                return limit;
            }
        } catch (final NumberFormatException e) {
            // refused below
        }
        throw Problem.of(400, "number-out-of-range", "Number out of range",
                "limit must be an integer from 1 to " + config.listLimitMax() + ".", "limit").exception();
    }

    /** The opaque cursor of the next page ({@code cursor}), decoded; {@code first} when absent. */
    long cursor(final Context ctx, final long first) {
        final String text = ctx.queryParam("cursor");
        if (text == null) {
            return first;
        }
        try {
            return Long.parseLong(new String(java.util.Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII));
        } catch (final IllegalArgumentException e) {
            throw Problem.of(400, "bad-cursor", "Bad cursor", "cursor must be a value a previous page returned as"
                    + " nextCursor.", "cursor").exception();
        }
    }

    static String encodeCursor(final long position) {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Long.toString(position).getBytes(StandardCharsets.US_ASCII));
    }

    /** Refuses query parameters other than {@code allowed}. */
    static void onlyQuery(final Context ctx, final Set<String> allowed) {
        for (final String name : ctx.queryParamMap().keySet()) {
            if (!allowed.contains(name)) {
                throw Problem.of(400, "unknown-field", "Unknown query parameter",
                        "The query parameter '" + name + "' is not part of this request.", name).exception();
            }
        }
    }
}
