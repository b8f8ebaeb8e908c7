package org.tongbao.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.credit.LoanApplicationPage;
import org.tongbao.engine.credit.LoanApplicationStatus;
import org.tongbao.engine.credit.LoanApplicationView;
import org.tongbao.engine.credit.LoanDeclineReason;
import org.tongbao.engine.credit.LoanPurpose;
import org.tongbao.server.http.auth.Access;
import org.tongbao.server.http.auth.Principal;
import org.tongbao.server.http.auth.Role;
import org.tongbao.server.http.auth.SecurityLog;

/**
 * SME loan applications: an operator submits one for an enterprise it holds, under one of its
 * own products; the lender approves it (which disburses the loan) or declines it with a
 * reason; the applicant's operator may withdraw it. An application is visible to its lender
 * and to whoever covers the applicant; the list is the calling operator's own.
 */
final class LoanApplicationRoutes {
    private static final String DECIDE = "decision";

    private LoanApplicationRoutes() {
    }

    static void register(final ApiServer.RouteTable routes, final ApiContext api) {
        routes.post("/v1/loan-applications", ctx -> apply(ctx, api), Role.OPERATOR);
        routes.get("/v1/loan-applications", ctx -> list(ctx, api), Role.OPERATOR);
        routes.get("/v1/loan-applications/{id}", ctx -> {
            ApiContext.onlyQuery(ctx, Set.of());
            Json.write(ctx, 200, view(visible(ctx, api)));
        }, Role.OPERATOR, Role.MERCHANT);
        routes.post("/v1/loan-applications/{id}/decision", ctx -> decide(ctx, api), Role.OPERATOR);
        routes.post("/v1/loan-applications/{id}/withdrawal", ctx -> withdraw(ctx, api), Role.OPERATOR);
    }

    private static void apply(final Context ctx, final ApiContext api) {
        final JsonFields body = api.body(ctx);
        final long applicationId = body.requiredLong("applicationId");
        final long applicantId = body.requiredLong("applicantId");
        final long productId = body.requiredLong("productId");
        final long amountFen = body.requiredFen("amountFen");
        final int termMonths = body.requiredInt("termMonths");
        final int purpose = body.requiredEnum("purpose", LoanPurpose.class, LoanPurpose::number,
                ResultCode.LOAN_PURPOSE_INVALID);
        final long userData = body.optionalLong("userData", 0);
        body.done();
        if (amountFen <= 0) {
            throw Problem.of(ResultCode.LOAN_PRINCIPAL_INVALID, "amountFen").exception();
        }
        api.visibleAccount(ctx, applicantId, "applicantId");
        final Principal who = api.principal(ctx);
        SecurityLog.action(who, "submits loan application " + applicationId + " of " + amountFen + " fen for "
                + applicantId);
        api.commit(ctx, new Command.ApplyForLoan(applicationId, applicantId, productId, amountFen, termMonths, purpose,
                userData), 201, Map.of("principalFen", "amountFen", "borrowerId", "applicantId",
                "creditAccountId", "applicantId"));
    }

    private static void decide(final Context ctx, final ApiContext api) {
        final LoanApplicationView application = visible(ctx, api);
        final JsonFields body = api.body(ctx);
        final long commandId = api.commandId(ctx, body, "commandId", 0);
        final String decision = body.optionalText(DECIDE);
        final long loanId = body.optionalLong("loanId", 0);
        final boolean hasReason = body.has("reason");
        final int reason = hasReason ? body.requiredEnum("reason", LoanDeclineReason.class, LoanDeclineReason::number,
                ResultCode.LOAN_DECISION_INVALID) : 0;
        final long userData = body.optionalLong("userData", 0);
        body.done();
        final int decisionNumber = decisionNumber(decision);
        final Principal who = api.principal(ctx);
        if (application.lenderId() != who.scopeAccountId()) {
            throw api.forbidden(ctx, "loan application " + application.id() + " is decided by its lender, operator "
                    + application.lenderId(), null);
        }
        SecurityLog.action(who, (decisionNumber == Command.DecideLoanApplication.APPROVE ? "approves" : "declines")
                + " loan application " + application.id());
        api.commit(ctx, new Command.DecideLoanApplication(commandId, application.id(), who.scopeAccountId(),
                decisionNumber, loanId, reason, userData), 200, Map.of("creditAccountId", DECIDE, "amountFen", DECIDE,
                "borrowerId", DECIDE));
    }

    /** APPROVE or DECLINE (any case); missing is 400, anything else the engine's LOAN_DECISION_INVALID. */
    private static int decisionNumber(final String decision) {
        if (decision == null) {
            throw Problem.of(400, "missing-field", "Missing field", "The field 'decision' is required: APPROVE or"
                    + " DECLINE.", DECIDE).exception();
        }
        final String wanted = decision.trim().toUpperCase(Locale.ROOT);
        if (wanted.equals("APPROVE")) {
            return Command.DecideLoanApplication.APPROVE;
        }
        if (wanted.equals("DECLINE")) {
            return Command.DecideLoanApplication.DECLINE;
        }
        throw Problem.of(ResultCode.LOAN_DECISION_INVALID, DECIDE).exception();
    }

    private static void withdraw(final Context ctx, final ApiContext api) {
        final LoanApplicationView application = visible(ctx, api);
        final JsonFields body = api.body(ctx);
        final long commandId = api.commandId(ctx, body, "commandId", 0);
        final long userData = body.optionalLong("userData", 0);
        body.done();
        final Principal who = api.principal(ctx);
        final boolean applicantsOperator = api.ledger.read(l -> {
            final var applicant = l.account(application.applicantId());
            return applicant != null && applicant.operatorId() == who.scopeAccountId();
        });
        if (!applicantsOperator) {
            throw api.forbidden(ctx, "loan application " + application.id()
                    + " is withdrawn by the applicant's own operator", null);
        }
        SecurityLog.action(who, "withdraws loan application " + application.id());
        api.commit(ctx, new Command.WithdrawLoanApplication(commandId, application.id(), who.scopeAccountId(),
                userData), 200, Map.of());
    }

    private static void list(final Context ctx, final ApiContext api) {
        ApiContext.onlyQuery(ctx, Set.of("status", "cursor", "limit"));
        final LoanApplicationStatus status = status(ctx.queryParam("status"));
        final int limit = api.limit(ctx);
        final long after = api.cursor(ctx, 0);
        final long lender = api.principal(ctx).scopeAccountId();
        final LoanApplicationPage page = api.ledger.read(l -> l.loanApplications(lender, status, after, limit));
        if (page == null) {
            throw Problem.of(400, "bad-cursor", "Bad cursor", "cursor must be a value a previous page returned as"
                    + " nextCursor.", "cursor").exception();
        }
        final ObjectNode body = Json.object();
        final ArrayNode items = body.putArray("items");
        page.items().forEach(application -> items.add(view(application)));
        if (page.nextAfterId() != 0) {
            body.put("nextCursor", ApiContext.encodeCursor(page.nextAfterId()));
        } else {
            body.putNull("nextCursor");
        }
        Json.write(ctx, 200, body);
    }

    private static LoanApplicationStatus status(final String text) {
        if (text == null) {
            return null;
        }
        final String wanted = text.trim().toUpperCase(Locale.ROOT);
        for (final LoanApplicationStatus status : LoanApplicationStatus.values()) {
            if (status.name().equals(wanted)) {
                return status;
            }
        }
        throw Problem.of(400, "bad-query", "Bad query parameter", "status must be one of SUBMITTED, APPROVED,"
                + " DECLINED, WITHDRAWN, LAPSED.", "status").exception();
    }

    /** The path's application, visible to its lender and to whoever covers its applicant. */
    private static LoanApplicationView visible(final Context ctx, final ApiContext api) {
        final long applicationId = api.pathId(ctx, "id");
        final Principal who = api.principal(ctx);
        final Object[] found = api.ledger.read(l -> {
            final LoanApplicationView view = l.loanApplication(applicationId);
            return new Object[] {view, view != null && (who.is(Role.OPERATOR) && view.lenderId() == who.scopeAccountId()
                    || Access.covers(who, l.account(view.applicantId())))};
        });
        if (found[0] == null) {
            throw Problem.of(ResultCode.LOAN_APPLICATION_NOT_FOUND, null).exception();
        }
        if (!(Boolean) found[1]) {
            throw api.forbidden(ctx, "loan application " + applicationId
                    + " is neither lent by nor made by an account of this token", null);
        }
        return (LoanApplicationView) found[0];
    }

    static ObjectNode view(final LoanApplicationView a) {
        final ObjectNode n = Json.object();
        n.put("id", a.id());
        n.put("applicantId", a.applicantId());
        n.put("lenderId", a.lenderId());
        n.put("productId", a.productId());
        n.put("amountFen", a.amountFen());
        n.put("termMonths", a.termMonths());
        n.put("purpose", a.purpose().name());
        n.put("status", a.status().name());
        n.put("submittedOn", LocalDate.ofEpochDay(a.submittedDay()).toString());
        if (a.decidedDay() >= 0) {
            n.put("decidedOn", LocalDate.ofEpochDay(a.decidedDay()).toString());
        } else {
            n.putNull("decidedOn");
        }
        if (a.loanId() != 0) {
            n.put("loanId", a.loanId());
        } else {
            n.putNull("loanId");
        }
        if (a.declineReason() != null) {
            n.put("declineReason", a.declineReason().name());
        } else {
            n.putNull("declineReason");
        }
        return n;
    }
}
