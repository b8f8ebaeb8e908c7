package org.tongbao.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.tongbao.server.http.auth.Role;

/**
 * Health, metrics, the API document and its reference page, and the ledger's aggregate totals.
 * Health and the documentation are public; metrics take any token; totals are aggregates for
 * the central bank, city administrators and auditors.
 */
final class SystemRoutes {
    private SystemRoutes() {
    }

    static void register(final ApiServer.RouteTable routes, final ApiContext api, final OpenApiDocument document,
                         final AtomicInteger inFlight) {
        routes.publicGet("/health", ctx -> {
            ApiContext.onlyQuery(ctx, Set.of());
            final long sequence = api.ledger.read(ledger -> ledger.sequence());
            final ObjectNode body = Json.object();
            body.put("status", "UP");
            body.put("batch", sequence);
            body.set("history", historyHealth(api.ledger.history()));
            Json.write(ctx, 200, body);
        });
        routes.publicGet("/openapi.yaml", ctx -> ctx.contentType("application/yaml; charset=utf-8").result(document.yaml()));
        routes.publicGet("/openapi.json", ctx -> ctx.contentType(Json.CONTENT_TYPE).result(document.json()));
        routes.publicGet("/docs", ctx -> ctx.contentType("text/html; charset=utf-8").result(document.html()));
        routes.get("/metrics", ctx -> {
            final Map<String, Long> gauges = api.ledger.read(ledger -> {
                final Map<String, Long> values = new LinkedHashMap<>();
                values.put("tongbao_ledger_batch", ledger.sequence());
                values.put("tongbao_ledger_accounts", (long) ledger.accountCount());
                values.put("tongbao_ledger_pending_transfers", (long) ledger.pendingCount());
                values.put("tongbao_ledger_active_loans", (long) ledger.activeLoanCount());
                values.put("tongbao_ledger_issued_fen", ledger.issuedFen());
                values.put("tongbao_ledger_redeemed_fen", ledger.redeemedFen());
                values.put("tongbao_ledger_circulation_fen", ledger.circulationFen());
                return values;
            });
            final HistoryProjection history = api.ledger.history();
            if (history != null) {
                gauges.put(Metrics.HISTORY_PROJECTED_SEQUENCE, history.projectedSequence());
                gauges.put(Metrics.HISTORY_LAG_BATCHES, history.lagBatches());
            }
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(api.metrics.exposition(gauges, inFlight.get()));
        }, Role.values());
        routes.get("/v1/ledger/totals", ctx -> {
            final ObjectNode body = api.ledger.read(ledger -> {
                final ObjectNode totals = Json.object();
                totals.put("batch", ledger.sequence());
                totals.put("timestampMs", ledger.timestampMs());
                totals.put("issuedFen", ledger.issuedFen());
                totals.put("redeemedFen", ledger.redeemedFen());
                totals.put("circulationFen", ledger.circulationFen());
                totals.put("accounts", ledger.accountCount());
                totals.put("pendingTransfers", ledger.pendingCount());
                totals.put("activeLoans", ledger.activeLoanCount());
                return totals;
            });
            Json.write(ctx, 200, body);
        }, Role.CENTRAL_BANK, Role.CITY_ADMIN, Role.AUDITOR);
    }

    /** The history's part of {@code /health}: its state, how far it goes, how far behind the ledger, why it stopped. */
    private static ObjectNode historyHealth(final HistoryProjection history) {
        final ObjectNode node = Json.object();
        if (history == null) {
            node.put("state", "OFF");
            return node;
        }
        node.put("state", history.state().name());
        node.put("projectedSequence", history.projectedSequence());
        node.put("lagBatches", history.lagBatches());
        final String failure = history.failure();
        if (failure == null) {
            node.putNull("failure");
        } else {
            node.put("failure", failure);
        }
        return node;
    }
}
