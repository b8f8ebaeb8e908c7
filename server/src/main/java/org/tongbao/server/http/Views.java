package org.tongbao.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.tongbao.engine.AccountView;
import org.tongbao.engine.credit.Instalment;
import org.tongbao.engine.credit.LoanView;
import org.tongbao.engine.escrow.EscrowView;
import org.tongbao.engine.incentive.CampaignView;
import org.tongbao.engine.incentive.EarmarkView;
import org.tongbao.engine.payment.TransferCode;

/**
 * The JSON shapes of the ledger's read views, one method per resource, named as in
 * {@code openapi.yaml}'s schemas. Amounts are integers of fen; ids are 64-bit integers;
 * enumerations are their names. Stateless; any thread.
 */
final class Views {
    private Views() {
    }

    static ObjectNode account(final AccountView a) {
        final ObjectNode n = Json.object();
        n.put("id", a.id());
        n.put("kind", a.kind().name());
        n.put("tier", a.tier());
        n.put("status", a.status().name());
        n.put("hardWallet", a.hardWallet());
        n.put("merchantCategory", a.merchantCategory());
        n.put("district", a.district());
        n.put("operatorId", a.operatorId());
        n.put("parentId", a.parentId());
        n.put("balanceFen", a.balanceFen());
        n.put("availableFen", a.availableFen());
        n.put("pendingDebitFen", a.pendingDebitFen());
        n.put("pendingCreditFen", a.pendingCreditFen());
        n.put("earmarkedFen", a.earmarkedFen());
        n.put("dailySpentFen", a.dailySpentFen());
        n.put("annualSpentFen", a.annualSpentFen());
        return n;
    }

    static ObjectNode earmarks(final long walletId, final List<EarmarkView> earmarks) {
        final ObjectNode n = Json.object();
        n.put("walletId", walletId);
        final ArrayNode items = n.putArray("earmarks");
        for (final EarmarkView e : earmarks) {
            final ObjectNode item = items.addObject();
            item.put("campaignId", e.campaignId());
            item.put("amountFen", e.amountFen());
            item.put("grantedFen", e.grantedFen());
            item.put("expiresAtMs", e.expiresAtMs());
        }
        return n;
    }

    static ObjectNode movement(final RecentTransfers.Movement m) {
        final ObjectNode n = Json.object();
        n.put("event", m.type());
        n.put("id", m.id());
        n.put("reference", m.reference());
        n.put("debitAccountId", m.debitAccountId());
        n.put("creditAccountId", m.creditAccountId());
        n.put("amountFen", m.amountFen());
        n.put("code", TransferCode.isValidNumber(m.code()) ? TransferCode.ofNumber(m.code()).name() : "UNKNOWN");
        n.put("batch", m.batchSequence());
        n.put("timestampMs", m.timestampMs());
        return n;
    }

    static ObjectNode campaign(final CampaignView c) {
        final ObjectNode n = Json.object();
        n.put("id", c.id());
        n.put("funderId", c.funderId());
        n.put("budgetFen", c.budgetFen());
        n.put("validFromMs", c.validFromMs());
        n.put("validUntilMs", c.validUntilMs());
        n.put("status", c.status());
        n.put("poolFen", c.poolFen());
        n.put("grantedFen", c.grantedFen());
        n.put("spentFen", c.spentFen());
        n.put("expiredFen", c.expiredFen());
        n.put("returnedFen", c.returnedFen());
        n.put("outstandingFen", c.outstandingFen());
        n.put("minPurchaseFen", c.minPurchaseFen());
        n.put("maxPerPaymentFen", c.maxPerPaymentFen());
        n.put("walletCapFen", c.walletCapFen());
        return n;
    }

    static ObjectNode escrow(final EscrowView e) {
        final ObjectNode n = Json.object();
        n.put("id", e.id());
        n.put("payerId", e.payerId());
        n.put("beneficiaryId", e.beneficiaryId());
        n.put("authorisedId", e.authorisedId());
        n.put("lockedFen", e.lockedFen());
        n.put("remainingFen", e.remainingFen());
        n.put("deadlineMs", e.deadlineMs());
        n.put("defaultAction", e.defaultAction().name());
        n.put("status", e.status());
        return n;
    }

    static ObjectNode loan(final LoanView l) {
        final ObjectNode n = Json.object();
        n.put("id", l.id());
        n.put("productId", l.productId());
        n.put("borrowerId", l.borrowerId());
        n.put("lenderId", l.lenderId());
        n.put("principalFen", l.principalFen());
        n.put("balanceFen", l.balanceFen());
        n.put("duePrincipalFen", l.duePrincipalFen());
        n.put("dueInterestFen", l.dueInterestFen());
        n.put("penaltyFen", l.penaltyFen());
        n.put("dueFen", l.dueFen());
        n.put("levelFen", l.levelFen());
        if (l.nextDueDay() >= 0) {
            n.put("nextDueDate", java.time.LocalDate.ofEpochDay(l.nextDueDay()).toString());
        } else {
            n.putNull("nextDueDate");
        }
        n.put("daysPastDue", l.daysPastDue());
        n.put("delinquency", l.delinquency().name());
        n.put("status", l.status());
        return n;
    }

    static ObjectNode instalment(final Instalment i) {
        final ObjectNode n = Json.object();
        n.put("number", i.number());
        n.put("dueDate", java.time.LocalDate.ofEpochDay(i.dueDay()).toString());
        n.put("principalFen", i.principalFen());
        n.put("interestFen", i.interestFen());
        n.put("totalFen", i.totalFen());
        n.put("principalAfterFen", i.principalAfterFen());
        return n;
    }
}
