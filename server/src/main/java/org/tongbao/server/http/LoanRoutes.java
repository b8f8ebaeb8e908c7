package org.tongbao.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.credit.Amortisation;
import org.tongbao.engine.credit.EnterpriseSize;
import org.tongbao.engine.credit.Instalment;
import org.tongbao.engine.credit.LoanMath;
import org.tongbao.engine.credit.LoanProductView;
import org.tongbao.engine.credit.LoanView;
import org.tongbao.server.http.auth.Access;
import org.tongbao.server.http.auth.Principal;
import org.tongbao.server.http.auth.Role;
import org.tongbao.server.http.auth.SecurityLog;

/**
 * SME credit: enterprise profiles, loan products, disbursement, reading a loan and its
 * repayment schedule, repayment. An operator defines products it lends under and disburses
 * them; a loan is visible to its lender and to whoever covers the borrower, who may repay.
 */
final class LoanRoutes {
    private LoanRoutes() {
    }

    static void register(final ApiServer.RouteTable routes, final ApiContext api) {
        routes.post("/v1/enterprises/{id}/profile", ctx -> {
            final long accountId = api.pathId(ctx, "id");
            api.visibleAccount(ctx, accountId, null);
            final JsonFields body = api.body(ctx);
            final long commandId = api.commandId(ctx, body, "commandId", 0);
            final int size = body.requiredEnum("size", EnterpriseSize.class, EnterpriseSize::number,
                    ResultCode.ENTERPRISE_SIZE_INVALID);
            final int sector = body.requiredInt("sector");
            final long userData = body.optionalLong("userData", 0);
            body.done();
            api.commit(ctx, new Command.ProfileEnterprise(commandId, accountId, size, sector, userData), 200, Map.of());
        }, Role.OPERATOR);
        routes.post("/v1/loan-products", ctx -> defineProduct(ctx, api), Role.OPERATOR);
        routes.get("/v1/loan-products/{id}", ctx -> {
            ApiContext.onlyQuery(ctx, Set.of());
            final long productId = api.pathId(ctx, "id");
            Json.write(ctx, 200, product(product(api, productId)));
        }, Role.OPERATOR, Role.MERCHANT, Role.CENTRAL_BANK, Role.CITY_ADMIN);
        routes.post("/v1/loans", ctx -> disburse(ctx, api), Role.OPERATOR);
        routes.get("/v1/loans/{id}", ctx -> {
            ApiContext.onlyQuery(ctx, Set.of());
            Json.write(ctx, 200, Views.loan(loan(ctx, api)));
        }, Role.OPERATOR, Role.MERCHANT);
        routes.get("/v1/loans/{id}/schedule", ctx -> schedule(ctx, api), Role.OPERATOR, Role.MERCHANT);
        routes.post("/v1/loans/{id}/repayments", ctx -> {
            final LoanView loan = loan(ctx, api);
            final JsonFields body = api.body(ctx);
            final long commandId = api.commandId(ctx, body, "commandId", 0);
            final long amount = body.requiredFen("amountFen");
            final long userData = body.optionalLong("userData", 0);
            body.done();
            final Principal who = api.principal(ctx);
            final boolean borrowerCovered = api.ledger.read(l -> Access.covers(who, l.account(loan.borrowerId())));
            if (!borrowerCovered) {
                throw api.forbidden(ctx, "repayments come from the borrower's wallet, which this token does not cover",
                        null);
            }
            api.commit(ctx, new Command.RepayLoan(commandId, loan.id(), amount, userData), 200, Map.of());
        }, Role.OPERATOR, Role.MERCHANT);
    }

    private static void defineProduct(final Context ctx, final ApiContext api) {
        final JsonFields body = api.body(ctx);
        final long productId = body.requiredLong("productId");
        final long lenderId = body.requiredLong("lenderId");
        final int rate = body.requiredInt("annualRateBp");
        final int penalty = body.requiredInt("penaltyRateBp");
        final int term = body.requiredInt("termMonths");
        final int grace = body.optionalInt("graceMonths", 0);
        final int amortisation = body.requiredEnum("amortisation", Amortisation.class, Amortisation::number,
                ResultCode.LOAN_PRODUCT_INVALID);
        final int repaymentDay = body.requiredInt("repaymentDay");
        final long userData = body.optionalLong("userData", 0);
        body.done();
        final Principal who = api.principal(ctx);
        if (lenderId != who.scopeAccountId()) {
            throw api.forbidden(ctx, "an operator defines products it lends under itself (lenderId "
                    + who.scopeAccountId() + ")", "lenderId");
        }
        SecurityLog.action(who, "defines loan product " + productId);
        api.commit(ctx, new Command.DefineLoanProduct(productId, lenderId, rate, penalty, term, grace, amortisation,
                repaymentDay, userData), 201, Map.of());
    }

    private static void disburse(final Context ctx, final ApiContext api) {
        final JsonFields body = api.body(ctx);
        final long loanId = body.requiredLong("loanId");
        final long productId = body.requiredLong("productId");
        final long borrowerId = body.requiredLong("borrowerId");
        final long principal = body.requiredLong("principalFen");
        final long userData = body.optionalLong("userData", 0);
        body.done();
        if (principal <= 0) {
            throw Problem.of(ResultCode.LOAN_PRINCIPAL_INVALID, "principalFen").exception();
        }
        final LoanProductView product = product(api, productId);
        final Principal who = api.principal(ctx);
        if (product.lenderId() != who.scopeAccountId()) {
            throw api.forbidden(ctx, "loan product " + productId + " is lent by another operator", "productId");
        }
        SecurityLog.action(who, "disburses loan " + loanId + " of " + principal + " fen to " + borrowerId);
        api.commit(ctx, new Command.DisburseLoan(loanId, productId, borrowerId, principal, userData), 201,
                Map.of("amountFen", "principalFen", "creditAccountId", "borrowerId"));
    }

    private static LoanProductView product(final ApiContext api, final long productId) {
        final LoanProductView product = api.ledger.read(l -> l.loanProduct(productId));
        if (product == null) {
            throw Problem.of(ResultCode.LOAN_PRODUCT_NOT_FOUND, null).exception();
        }
        return product;
    }

    /** The path's loan, visible to its lender and to whoever covers its borrower. */
    private static LoanView loan(final Context ctx, final ApiContext api) {
        final long loanId = api.pathId(ctx, "id");
        final Principal who = api.principal(ctx);
        final Object[] found = api.ledger.read(l -> {
            final LoanView view = l.loan(loanId);
            return new Object[] {view, view != null && (view.lenderId() == who.scopeAccountId() && who.is(Role.OPERATOR)
                    || Access.covers(who, l.account(view.borrowerId())))};
        });
        if (found[0] == null) {
            throw Problem.of(ResultCode.LOAN_NOT_FOUND, null).exception();
        }
        if (!(Boolean) found[1]) {
            throw api.forbidden(ctx, "loan " + loanId + " is neither lent by nor owed by an account of this token", null);
        }
        return (LoanView) found[0];
    }

    private static void schedule(final Context ctx, final ApiContext api) {
        ApiContext.onlyQuery(ctx, Set.of());
        final LoanView loan = loan(ctx, api);
        final LoanProductView product = product(api, loan.productId());
        final int day = loan.disbursementDay();
        final List<Instalment> instalments = LoanMath.schedule(loan.principalFen(), product.annualRateBp(),
                product.termMonths(), product.graceMonths(), product.amortisation(), day, product.repaymentDay());
        final ObjectNode body = Json.object();
        body.put("loanId", loan.id());
        body.put("disbursedOn", java.time.LocalDate.ofEpochDay(day).toString());
        final ArrayNode items = body.putArray("instalments");
        instalments.forEach(instalment -> items.add(Views.instalment(instalment)));
        Json.write(ctx, 200, body);
    }

    private static ObjectNode product(final LoanProductView p) {
        final ObjectNode n = Json.object();
        n.put("productId", p.id());
        n.put("lenderId", p.lenderId());
        n.put("annualRateBp", p.annualRateBp());
        n.put("penaltyRateBp", p.penaltyRateBp());
        n.put("termMonths", p.termMonths());
        n.put("graceMonths", p.graceMonths());
        n.put("amortisation", p.amortisation().name());
        n.put("repaymentDay", p.repaymentDay());
        return n;
    }
}
