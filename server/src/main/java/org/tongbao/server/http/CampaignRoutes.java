package org.tongbao.server.http;

import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;
import org.tongbao.engine.ResultCode;
import org.tongbao.engine.command.Command;
import org.tongbao.engine.incentive.CampaignRule;
import org.tongbao.engine.incentive.CampaignView;
import org.tongbao.server.http.auth.Access;
import org.tongbao.server.http.auth.Principal;
import org.tongbao.server.http.auth.Role;
import org.tongbao.server.http.auth.SecurityLog;

/**
 * Incentive campaigns run by an operator on behalf of the city: create (funded from a
 * government body's account held at the operator), add rules, grant earmarked funds to
 * wallets, close, read. A campaign's totals are aggregates: the central bank, city
 * administrators and auditors may read them too.
 */
final class CampaignRoutes {
    private CampaignRoutes() {
    }

    static void register(final ApiServer.RouteTable routes, final ApiContext api) {
        routes.post("/v1/campaigns", ctx -> create(ctx, api), Role.OPERATOR);
        routes.get("/v1/campaigns/{id}", ctx -> {
            ApiContext.onlyQuery(ctx, Set.of());
            final CampaignView campaign = campaign(ctx, api, false);
            Json.write(ctx, 200, Views.campaign(campaign));
        }, Role.OPERATOR, Role.CENTRAL_BANK, Role.CITY_ADMIN, Role.AUDITOR);
        routes.post("/v1/campaigns/{id}/rules", ctx -> {
            final CampaignView campaign = campaign(ctx, api, true);
            final JsonFields body = api.body(ctx);
            final long commandId = api.commandId(ctx, body, "commandId", 0);
            final int rule = body.requiredEnum("rule", CampaignRule.class, CampaignRule::number,
                    ResultCode.CAMPAIGN_RULE_INVALID);
            final long value = body.requiredLong("value");
            final long userData = body.optionalLong("userData", 0);
            body.done();
            api.commit(ctx, new Command.AddCampaignRule(commandId, campaign.id(), rule, value, userData), 200, Map.of());
        }, Role.OPERATOR);
        routes.post("/v1/campaigns/{id}/grants", ctx -> {
            final CampaignView campaign = campaign(ctx, api, true);
            final JsonFields body = api.body(ctx);
            final long grantId = api.commandId(ctx, body, "grantId", 0);
            final long walletId = body.requiredLong("walletId");
            final long amount = body.requiredFen("amountFen");
            final long userData = body.optionalLong("userData", 0);
            body.done();
            api.commit(ctx, new Command.GrantCampaignFunds(grantId, campaign.id(), walletId, amount, userData), 201,
                    Map.of());
        }, Role.OPERATOR);
        routes.post("/v1/campaigns/{id}/close", ctx -> {
            final CampaignView campaign = campaign(ctx, api, true);
            final JsonFields body = api.body(ctx);
            final long commandId = api.commandId(ctx, body, "commandId", 0);
            body.done();
            SecurityLog.action(api.principal(ctx), "closes campaign " + campaign.id());
            api.commit(ctx, new Command.CloseCampaign(commandId, campaign.id(), 0), 200, Map.of());
        }, Role.OPERATOR);
    }

    private static void create(final Context ctx, final ApiContext api) {
        final JsonFields body = api.body(ctx);
        final long campaignId = body.requiredLong("campaignId");
        final long funderId = body.requiredLong("funderId");
        final long budget = body.requiredFen("budgetFen");
        final long validFromMs = body.requiredLong("validFromMs");
        final long validUntilMs = body.requiredLong("validUntilMs");
        final long userData = body.optionalLong("userData", 0);
        body.done();
        final Principal who = api.principal(ctx);
        final boolean covered = api.ledger.read(ledger -> Access.covers(who, ledger.account(funderId)));
        if (!covered) {
            throw api.forbidden(ctx, "campaigns are funded from a government account held at this operator", "funderId");
        }
        SecurityLog.action(who, "creates campaign " + campaignId + " of " + budget + " fen funded by " + funderId);
        api.commit(ctx, new Command.CreateCampaign(campaignId, funderId, budget, validFromMs, validUntilMs, userData), 201,
                Map.of("amountFen", "budgetFen"));
    }

    /** The path's campaign; an operator must hold its funder (to read or to manage it). */
    private static CampaignView campaign(final Context ctx, final ApiContext api, final boolean manage) {
        final long campaignId = api.pathId(ctx, "id");
        final Principal who = api.principal(ctx);
        final Object[] found = api.ledger.read(ledger -> {
            final CampaignView view = ledger.campaign(campaignId);
            return new Object[] {view, view == null ? Boolean.FALSE : Access.covers(who, ledger.account(view.funderId()))};
        });
        final CampaignView campaign = (CampaignView) found[0];
        if (campaign == null) {
            throw Problem.of(ResultCode.CAMPAIGN_NOT_FOUND, null).exception();
        }
        if ((manage || who.is(Role.OPERATOR)) && !(Boolean) found[1]) {
            throw api.forbidden(ctx, "campaign " + campaignId + " is funded from an account not held at this operator",
                    null);
        }
        return campaign;
    }
}
