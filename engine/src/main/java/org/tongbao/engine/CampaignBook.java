package org.tongbao.engine;

import static org.tongbao.engine.account.AccountDescriptor.ATTRIBUTES;
import static org.tongbao.engine.account.AccountDescriptor.BALANCE;
import static org.tongbao.engine.account.AccountDescriptor.PENDING_DEBIT;
import static org.tongbao.engine.command.CommandDescriptor.ACCOUNT;
import static org.tongbao.engine.command.CommandDescriptor.AMOUNT;
import static org.tongbao.engine.command.CommandDescriptor.LOCATION;
import static org.tongbao.engine.command.CommandDescriptor.OTHER_ACCOUNT;
import static org.tongbao.engine.command.CommandDescriptor.REFERENCE;
import static org.tongbao.engine.command.CommandDescriptor.USER_DATA;

import java.util.List;
import org.tongbao.engine.account.AccountDescriptor;
import org.tongbao.engine.account.Accounts;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.command.CommandBatch;
import org.tongbao.engine.command.CommandDescriptor;
import org.tongbao.engine.event.EventType;
import org.tongbao.engine.event.LedgerEvents;
import org.tongbao.engine.incentive.CampaignRule;
import org.tongbao.engine.incentive.Campaigns;
import org.tongbao.engine.incentive.Earmarks;
import org.tongbao.engine.payment.TransferCode;
import org.tongbao.engine.state.StateReader;
import org.tongbao.engine.state.StateWriter;

/**
 * Incentive campaigns inside the ledger: creating and funding a campaign, its rules, grants
 * of earmarked funds, spending them on eligible merchant payments, expiry at the end of the
 * window and closing. Every movement is a double-entry transfer with its own code
 * ({@link TransferCode#CAMPAIGN_FUNDING} to {@link TransferCode#CAMPAIGN_RETURN}).
 *
 * <p>Single-threaded: part of the ledger, called on its thread during {@code apply}.
 */
final class CampaignBook {
    private static final int PLAN_MAX = 64;

    private final Ledger ledger;
    final Campaigns campaigns = new Campaigns();
    final Earmarks earmarks = new Earmarks();
    private long nextExpiryMs = Long.MAX_VALUE;
    private final int[] planEntry = new int[PLAN_MAX];
    private final long[] planFen = new long[PLAN_MAX];
    private int planSize;

    CampaignBook(final Ledger ledger) {
        this.ledger = ledger;
    }

    // ---- commands ----

    ResultCode create(final CommandBatch batch, final int index, final LedgerEvents events) {
        if (batch.header(index) != CommandDescriptor.header(batch.type(index), 0, 0, 0)
                || batch.word(index, OTHER_ACCOUNT) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final long campaignId = batch.id(index);
        final long budget = batch.word(index, AMOUNT);
        final long fromMs = batch.word(index, REFERENCE);
        final long untilMs = batch.word(index, LOCATION);
        if (budget <= 0) {
            return ResultCode.AMOUNT_MUST_BE_POSITIVE;
        }
        if (fromMs >= untilMs || untilMs <= ledger.timestampMs()) {
            return ResultCode.CAMPAIGN_WINDOW_INVALID;
        }
        if (ledger.accounts().indexOf(campaignId) >= 0) {
            return ResultCode.CAMPAIGN_ID_TAKEN;
        }
        final int funder = ledger.accounts().indexOf(batch.word(index, ACCOUNT));
        if (funder < 0) {
            return ResultCode.DEBIT_ACCOUNT_NOT_FOUND;
        }
        final long funderAttributes = ledger.accounts().word(funder, ATTRIBUTES);
        if (AccountDescriptor.kind(funderAttributes) != AccountKind.GOVERNMENT.number()) {
            return ResultCode.FUNDER_NOT_GOVERNMENT;
        }
        final ResultCode status = Ledger.checkStatus(funderAttributes, true);
        if (status != ResultCode.OK) {
            return status;
        }
        if (budget > ledger.freeFen(funder)) {
            return ResultCode.INSUFFICIENT_FUNDS;
        }
        if (campaigns.isFull() || ledger.accounts().isFull()) {
            return campaigns.isFull() ? ResultCode.CAMPAIGN_LIMIT_REACHED : ResultCode.ACCOUNTS_LIMIT_REACHED;
        }
        final long userData = batch.word(index, USER_DATA);
        final int pool = ledger.openSystemAccount(campaignId, AccountKind.CAMPAIGN_POOL,
                AccountDescriptor.district(funderAttributes), index, userData, events);
        final int campaign = campaigns.add(campaignId, pool, funder, budget, fromMs, untilMs);
        events.add(EventType.CAMPAIGN_CREATED, index, campaignId, campaignId, pool, funder, budget, 0, userData);
        ledger.move(funder, pool, budget, TransferCode.CAMPAIGN_FUNDING.number());
        events.add(EventType.TRANSFER, index, campaignId, campaignId, funder, pool, budget,
                TransferCode.CAMPAIGN_FUNDING.number(), userData);
        nextExpiryMs = Math.min(nextExpiryMs, campaigns.validUntilMs(campaign));
        return ResultCode.OK;
    }

    ResultCode addRule(final CommandBatch batch, final int index) {
        final long header = batch.header(index);
        if (CommandDescriptor.flags(header) != 0 || CommandDescriptor.value(header) != 0
                || batch.word(index, ACCOUNT) != 0 || batch.word(index, OTHER_ACCOUNT) != 0
                || batch.word(index, LOCATION) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final int campaign = campaigns.indexOf(batch.word(index, REFERENCE));
        if (campaign < 0) {
            return ResultCode.CAMPAIGN_NOT_FOUND;
        }
        if (campaigns.rulesLocked(campaign)) {
            return ResultCode.CAMPAIGN_RULES_LOCKED;
        }
        final int ruleNumber = CommandDescriptor.code(header);
        if (!CampaignRule.isValidNumber(ruleNumber)) {
            return ResultCode.CAMPAIGN_RULE_INVALID;
        }
        final CampaignRule rule = CampaignRule.ofNumber(ruleNumber);
        final long value = batch.word(index, AMOUNT);
        if (!rule.isPlace()) {
            if (value <= 0) {
                return ResultCode.CAMPAIGN_RULE_INVALID;
            }
            campaigns.setAmountRule(campaign, rule, value);
            return ResultCode.OK;
        }
        final int placeValue = placeValue(rule, value);
        if (placeValue < 0) {
            return ResultCode.CAMPAIGN_RULE_INVALID;
        }
        if (campaigns.placeRulesFull()) {
            return ResultCode.CAMPAIGN_LIMIT_REACHED;
        }
        campaigns.addPlaceRule(campaign, rule, placeValue);
        return ResultCode.OK;
    }

    /** The stored value of a place rule (a merchant's id becomes its index), or -1 when out of range. */
    private int placeValue(final CampaignRule rule, final long value) {
        return switch (rule) {
            case MERCHANT_CATEGORY -> value >= 1 && value <= 9_999 ? (int) value : -1;
            case DISTRICT -> value >= 100_000 && value <= 999_999 ? (int) value : -1;
            case MERCHANT -> {
                final int merchant = ledger.accounts().indexOf(value);
                yield merchant >= 0 && ledger.kindOf(merchant) == AccountKind.MERCHANT.number() ? merchant : -1;
            }
            default -> -1;
        };
    }

    ResultCode grant(final CommandBatch batch, final int index, final LedgerEvents events) {
        final long header = batch.header(index);
        if (header != CommandDescriptor.header(batch.type(index), 0, 0, 0) || batch.word(index, ACCOUNT) != 0
                || batch.word(index, LOCATION) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final long amount = batch.word(index, AMOUNT);
        if (amount <= 0) {
            return ResultCode.AMOUNT_MUST_BE_POSITIVE;
        }
        final long campaignId = batch.word(index, REFERENCE);
        final int campaign = campaigns.indexOf(campaignId);
        if (campaign < 0) {
            return ResultCode.CAMPAIGN_NOT_FOUND;
        }
        if (campaigns.status(campaign) != Campaigns.OPEN || ledger.timestampMs() >= campaigns.validUntilMs(campaign)) {
            return ResultCode.CAMPAIGN_NOT_OPEN;
        }
        final int wallet = ledger.accounts().indexOf(batch.word(index, OTHER_ACCOUNT));
        if (wallet < 0) {
            return ResultCode.CREDIT_ACCOUNT_NOT_FOUND;
        }
        final int kind = ledger.kindOf(wallet);
        if (kind != AccountKind.PERSONAL.number() && kind != AccountKind.CORPORATE.number()) {
            return ResultCode.WALLET_CANNOT_HOLD_EARMARKS;
        }
        final ResultCode status = Ledger.checkStatus(ledger.accounts().word(wallet, ATTRIBUTES), false);
        if (status != ResultCode.OK) {
            return status;
        }
        final int pool = campaigns.poolIndex(campaign);
        if (amount > ledger.accounts().word(pool, BALANCE)) {
            return ResultCode.CAMPAIGN_POOL_INSUFFICIENT;
        }
        int entry = earmarks.find(wallet, campaign);
        final long granted = entry < 0 ? 0 : earmarks.grantedFen(entry);
        if (amount > campaigns.walletCapFen(campaign) - granted) {
            return ResultCode.EXCEEDS_CAMPAIGN_WALLET_CAP;
        }
        final ResultCode cap = ledger.checkBalanceCap(wallet, amount);
        if (cap != ResultCode.OK) {
            return cap;
        }
        if (entry < 0 && earmarks.isFull()) {
            return ResultCode.CAMPAIGN_LIMIT_REACHED;
        }
        if (entry < 0) {
            entry = createEntry(wallet, campaign);
        }
        earmarks.grant(entry, amount);
        campaigns.addGranted(campaign, amount);
        ledger.move(pool, wallet, amount, TransferCode.CAMPAIGN_GRANT.number());
        events.add(EventType.TRANSFER, index, batch.id(index), campaignId, pool, wallet, amount,
                TransferCode.CAMPAIGN_GRANT.number(), batch.word(index, USER_DATA));
        return ResultCode.OK;
    }

    ResultCode close(final CommandBatch batch, final int index, final LedgerEvents events) {
        if (batch.header(index) != CommandDescriptor.header(batch.type(index), 0, 0, 0)
                || batch.word(index, ACCOUNT) != 0 || batch.word(index, OTHER_ACCOUNT) != 0
                || batch.word(index, AMOUNT) != 0 || batch.word(index, LOCATION) != 0) {
            return ResultCode.FIELD_NOT_ALLOWED;
        }
        final long campaignId = batch.word(index, REFERENCE);
        final int campaign = campaigns.indexOf(campaignId);
        if (campaign < 0) {
            return ResultCode.CAMPAIGN_NOT_FOUND;
        }
        if (campaigns.status(campaign) == Campaigns.CLOSED) {
            return ResultCode.CAMPAIGN_ALREADY_CLOSED;
        }
        final int funder = campaigns.funderIndex(campaign);
        final ResultCode status = Ledger.checkStatus(ledger.accounts().word(funder, ATTRIBUTES), false);
        if (status != ResultCode.OK) {
            return status;
        }
        final long userData = batch.word(index, USER_DATA);
        if (campaigns.status(campaign) == Campaigns.OPEN) {
            expire(campaign, index, batch.id(index), userData, events);
        }
        final int pool = campaigns.poolIndex(campaign);
        final long left = ledger.accounts().word(pool, BALANCE);
        if (left > 0) {
            ledger.move(pool, funder, left, TransferCode.CAMPAIGN_RETURN.number());
            campaigns.addReturned(campaign, left);
            events.add(EventType.TRANSFER, index, batch.id(index), campaignId, pool, funder, left,
                    TransferCode.CAMPAIGN_RETURN.number(), userData);
        }
        campaigns.setStatus(campaign, Campaigns.CLOSED);
        events.add(EventType.CAMPAIGN_CLOSED, index, batch.id(index), campaignId, pool, funder, left, 0, userData);
        return ResultCode.OK;
    }

    // ---- batch time ----

    /** Expires every open campaign whose window has ended by {@code nowMs}. */
    void expireDue(final long nowMs, final LedgerEvents events) {
        if (nowMs < nextExpiryMs) {
            return;
        }
        for (int campaign = 0; campaign < campaigns.count(); campaign++) {
            if (campaigns.status(campaign) == Campaigns.OPEN && campaigns.validUntilMs(campaign) <= nowMs) {
                expire(campaign, -1, campaigns.id(campaign), 0, events);
            }
        }
        nextExpiryMs = campaigns.nextExpiryMs();
    }

    /** Returns every wallet's unspent earmark of the campaign to its pool and marks it expired. */
    private void expire(final int campaign, final int commandIndex, final long eventId, final long userData,
                        final LedgerEvents events) {
        final int pool = campaigns.poolIndex(campaign);
        final long campaignId = campaigns.id(campaign);
        for (final int entry : earmarks.entriesSorted(campaign)) {
            final long left = earmarks.amountFen(entry);
            final int wallet = earmarks.wallet(entry);
            earmarks.remove(entry);
            if (earmarks.first(wallet) < 0) {
                markHolder(wallet, false);
            }
            if (left > 0) {
                ledger.move(wallet, pool, left, TransferCode.CAMPAIGN_EXPIRY.number());
                campaigns.addExpired(campaign, left);
                events.add(EventType.TRANSFER, commandIndex, eventId, campaignId, wallet, pool, left,
                        TransferCode.CAMPAIGN_EXPIRY.number(), userData);
            }
        }
        campaigns.setStatus(campaign, Campaigns.EXPIRED);
    }

    // ---- spending ----

    /** What the wallet holds earmarked (part of its balance it cannot pay freely). */
    long earmarkedFen(final int wallet) {
        return AccountDescriptor.holdsEarmarks(ledger.accounts().word(wallet, ATTRIBUTES))
                ? earmarks.earmarkedFen(wallet) : 0;
    }

    /** A new earmark entry; the wallet's attributes get the flag that makes payments look earmarks up. */
    private int createEntry(final int wallet, final int campaign) {
        markHolder(wallet, true);
        return earmarks.create(wallet, campaign, campaigns.validUntilMs(campaign));
    }

    private void markHolder(final int wallet, final boolean holds) {
        final long attributes = ledger.accounts().word(wallet, ATTRIBUTES);
        ledger.accounts().setWord(wallet, ATTRIBUTES, AccountDescriptor.withEarmarks(attributes, holds));
    }

    /**
     * Plans how much of a merchant payment of {@code amount} earmarked funds can pay: entries in
     * the wallet's order (soonest expiry first) whose campaign is in its window, allows the
     * merchant and whose minimum purchase the amount meets, each up to its per-payment maximum.
     * Returns the planned total; {@link #spendPlanned} carries it out.
     */
    long plan(final int wallet, final int merchant, final long amount, final long nowMs) {
        planSize = 0;
        final long merchantAttributes = ledger.accounts().word(merchant, ATTRIBUTES);
        final int category = AccountDescriptor.merchantCategory(merchantAttributes);
        final int district = AccountDescriptor.district(merchantAttributes);
        long planned = 0;
        for (int entry = earmarks.first(wallet); entry >= 0 && planned < amount && planSize < PLAN_MAX;
             entry = earmarks.next(entry)) {
            final int campaign = earmarks.campaign(entry);
            final long held = earmarks.amountFen(entry);
            if (held == 0 || !campaigns.isSpendable(campaign, nowMs) || amount < campaigns.minPurchaseFen(campaign)
                    || !campaigns.allowsMerchant(campaign, category, district, merchant)) {
                continue;
            }
            final long use = Math.min(Math.min(held, campaigns.maxPerPaymentFen(campaign)), amount - planned);
            planEntry[planSize] = entry;
            planFen[planSize] = use;
            planSize++;
            planned += use;
        }
        return planned;
    }

    /** Moves the planned earmarked parts of payment {@code index}, one CAMPAIGN_SPEND row per campaign. */
    void spendPlanned(final int index, final long transferId, final int wallet, final int merchant, final long userData,
                      final LedgerEvents events) {
        for (int i = 0; i < planSize; i++) {
            final int entry = planEntry[i];
            final long use = planFen[i];
            final int campaign = earmarks.campaign(entry);
            earmarks.setAmount(entry, earmarks.amountFen(entry) - use);
            campaigns.addSpent(campaign, use);
            ledger.move(wallet, merchant, use, TransferCode.CAMPAIGN_SPEND.number());
            events.add(EventType.TRANSFER, index, transferId, campaigns.id(campaign), wallet, merchant, use,
                    TransferCode.CAMPAIGN_SPEND.number(), userData);
        }
        planSize = 0;
    }

    // ---- invariants ----

    /**
     * Per campaign: pool = budget − granted + expired − returned; earmarks held = granted −
     * spent − expired; an ended campaign holds no earmarks and a closed one no pool. Per
     * wallet: earmarks are covered by the balance after reservations.
     */
    void checkInvariants(final List<String> broken) {
        final long[] held = new long[campaigns.count()];
        for (final int entry : earmarks.entriesSorted(-1)) {
            held[earmarks.campaign(entry)] += earmarks.amountFen(entry);
        }
        for (int c = 0; c < campaigns.count(); c++) {
            final long pool = ledger.accounts().word(campaigns.poolIndex(c), BALANCE);
            final long expectedPool = campaigns.budgetFen(c) - campaigns.grantedFen(c) + campaigns.expiredFen(c)
                    - campaigns.returnedFen(c);
            if (pool != expectedPool) {
                broken.add("campaign " + campaigns.id(c) + " pool holds " + pool + " fen, expected " + expectedPool);
            }
            final long expectedHeld = campaigns.grantedFen(c) - campaigns.spentFen(c) - campaigns.expiredFen(c);
            if (held[c] != expectedHeld || campaigns.status(c) != Campaigns.OPEN && held[c] != 0) {
                broken.add("campaign " + campaigns.id(c) + " earmarks hold " + held[c] + " fen, expected " + expectedHeld);
            }
            if (campaigns.status(c) == Campaigns.CLOSED && pool != 0) {
                broken.add("closed campaign " + campaigns.id(c) + " still holds " + pool + " fen in its pool");
            }
        }
        for (int wallet = 0; wallet < ledger.accounts().count(); wallet++) {
            final long earmarked = earmarkedFen(wallet);
            if (earmarked > 0
                    && earmarked > ledger.accounts().word(wallet, BALANCE) - ledger.accounts().word(wallet, PENDING_DEBIT)) {
                broken.add("wallet " + ledger.accounts().id(wallet) + " has " + earmarked
                        + " fen earmarked, more than its balance after reservations");
            }
        }
    }

    // ---- state ----

    void writeState(final StateWriter<?> out) {
        final Accounts accounts = ledger.accounts();
        out.count(campaigns.count());
        for (int c = 0; c < campaigns.count(); c++) {
            out.row(campaigns.id(c), accounts.id(campaigns.funderIndex(c)), campaigns.budgetFen(c),
                    campaigns.validFromMs(c), campaigns.validUntilMs(c), campaigns.minPurchaseFen(c),
                    campaigns.maxPerPaymentFen(c), campaigns.walletCapFen(c), campaigns.status(c), campaigns.grantedFen(c),
                    campaigns.spentFen(c), campaigns.expiredFen(c), campaigns.returnedFen(c));
        }
        final long[] rules = campaigns.placeRulesSorted();
        out.count(rules.length);
        for (final long rule : rules) {
            final int ruleNumber = (int) ((rule >>> 32) & 0xFF);
            final long value = rule & 0xFFFF_FFFFL;
            out.row(campaigns.id((int) (rule >>> 40)), ruleNumber,
                    ruleNumber == CampaignRule.MERCHANT.number() ? accounts.id((int) value) : value);
        }
        final int[] entries = earmarks.entriesSorted(-1);
        out.count(entries.length);
        for (final int entry : entries) {
            out.row(accounts.id(earmarks.wallet(entry)), campaigns.id(earmarks.campaign(entry)), earmarks.amountFen(entry),
                    earmarks.grantedFen(entry));
        }
    }

    void restore(final StateReader in) {
        final Accounts accounts = ledger.accounts();
        final long count = in.next();
        Checks.checkArgument(count >= 0 && count <= Campaigns.CAMPAIGNS_MAX, "snapshot campaign count " + count);
        for (long i = 0; i < count; i++) {
            final long id = in.next();
            final int campaign = campaigns.add(id, Ledger.restoredIndex(accounts, id),
                    Ledger.restoredIndex(accounts, in.next()), in.next(), in.next(), in.next());
            campaigns.setAmountRule(campaign, CampaignRule.MIN_PURCHASE, in.next());
            campaigns.setAmountRule(campaign, CampaignRule.MAX_PER_PAYMENT, in.next());
            campaigns.setAmountRule(campaign, CampaignRule.WALLET_CAP, in.next());
            campaigns.restoreTotals(campaign, (int) in.next(), in.next(), in.next(), in.next(), in.next());
        }
        final long rules = in.next();
        Checks.checkArgument(rules >= 0 && rules <= Campaigns.PLACE_RULES_MAX, "snapshot campaign rule count " + rules);
        for (long i = 0; i < rules; i++) {
            final int campaign = restoredCampaign(in.next());
            final CampaignRule rule = CampaignRule.ofNumber((int) in.next());
            final long value = in.next();
            campaigns.addPlaceRule(campaign, rule,
                    rule == CampaignRule.MERCHANT ? Ledger.restoredIndex(accounts, value) : (int) value);
        }
        final long entries = in.next();
        Checks.checkArgument(entries >= 0 && entries <= Earmarks.ENTRIES_MAX, "snapshot earmark count " + entries);
        for (long i = 0; i < entries; i++) {
            final int wallet = Ledger.restoredIndex(accounts, in.next());
            final int campaign = restoredCampaign(in.next());
            final int entry = createEntry(wallet, campaign);
            earmarks.setAmount(entry, in.next());
            earmarks.setGranted(entry, in.next());
        }
        nextExpiryMs = campaigns.nextExpiryMs();
    }

    private int restoredCampaign(final long campaignId) {
        final int campaign = campaigns.indexOf(campaignId);
        Checks.checkArgument(campaign >= 0, "snapshot refers to campaign " + campaignId + " before restoring it");
        return campaign;
    }
}
