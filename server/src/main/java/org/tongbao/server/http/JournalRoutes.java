package org.tongbao.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.audit.InclusionProof;
import org.tongbao.server.http.auth.Role;

/**
 * The journal's tamper evidence for auditors and the central bank: the head hash to publish,
 * and a proof that a command is in the journal, checkable against a published head without
 * the journal ({@code tongbao verify --check-proof}). A proof carries its whole batch, so
 * only these two roles may ask for one.
 */
final class JournalRoutes {
    private static final HexFormat HEX = HexFormat.of();

    private JournalRoutes() {
    }

    static void register(final ApiServer.RouteTable routes, final ApiContext api) {
        routes.get("/v1/journal/head", ctx -> {
            final LedgerGateway.Head head = api.ledger.head();
            final ObjectNode body = Json.object();
            body.put("batch", head.sequence());
            body.put("timestampMs", head.timestampMs());
            body.put("headHash", HEX.formatHex(head.hash()));
            Json.write(ctx, 200, body);
        }, Role.AUDITOR, Role.CENTRAL_BANK);
        routes.get("/v1/journal/proofs/{commandId}", ctx -> {
            final long commandId = api.pathId(ctx, "commandId");
            final InclusionProof proof = InclusionProof.build(new DataDirectory(api.config.data()).journal(), commandId);
            if (proof == null) {
                throw Problem.of(404, "not-in-journal", "Not in the journal",
                        "No command with id " + commandId + " is in the journal.", null).exception();
            }
            final ObjectNode body = Json.object();
            body.put("commandId", proof.commandId());
            body.put("batch", proof.sequence());
            body.put("index", proof.index());
            body.put("previousHash", HEX.formatHex(proof.previousHash()));
            body.put("content", HEX.formatHex(proof.content()));
            final ArrayNode later = body.putArray("laterDigests");
            proof.laterDigests().forEach(digest -> later.add(HEX.formatHex(digest)));
            body.put("headHash", HEX.formatHex(proof.headHash()));
            Json.write(ctx, 200, body);
        }, Role.AUDITOR, Role.CENTRAL_BANK);
    }
}
