package org.tongbao.server.http;

import java.util.EnumMap;
import java.util.Map;
import org.tongbao.engine.ResultCode;

/**
 * The one mapping from every engine {@link ResultCode} to an HTTP status and to the request
 * field that is at fault. A test walks every code, so a new code cannot be left unmapped.
 *
 * <ul>
 *   <li>404: the resource the request names in its path does not exist</li>
 *   <li>409: the request conflicts with the resource's state (frozen, closed, already posted,
 *       id taken...), so repeating it unchanged cannot succeed until the state changes</li>
 *   <li>422: the request is well-formed JSON but breaks a rule (limits, funds, kinds, values)</li>
 *   <li>507: the ledger holds its configured maximum of something</li>
 * </ul>
 */
public final class ResultStatus {
    private static final Map<ResultCode, Integer> STATUS = new EnumMap<>(ResultCode.class);
    private static final Map<ResultCode, String> FIELD = new EnumMap<>(ResultCode.class);

    static {
        for (final ResultCode code : ResultCode.values()) {
            STATUS.put(code, 422);
        }
        status(200, ResultCode.OK);
        status(404, ResultCode.ACCOUNT_NOT_FOUND, ResultCode.PENDING_TRANSFER_NOT_FOUND, ResultCode.CAMPAIGN_NOT_FOUND,
                ResultCode.ESCROW_NOT_FOUND, ResultCode.LOAN_NOT_FOUND, ResultCode.LOAN_APPLICATION_NOT_FOUND);
        status(409, ResultCode.ID_EXISTS_WITH_DIFFERENT_FIELDS, ResultCode.ID_HELD_BY_LIVE_PENDING_TRANSFER,
                ResultCode.ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS, ResultCode.CENTRAL_BANK_ALREADY_EXISTS,
                ResultCode.ACCOUNT_FROZEN, ResultCode.ACCOUNT_CLOSED, ResultCode.ACCOUNT_ALREADY_FROZEN,
                ResultCode.ACCOUNT_NOT_FROZEN, ResultCode.ACCOUNT_HAS_BALANCE, ResultCode.ACCOUNT_HAS_PENDING_TRANSFERS,
                ResultCode.DEBIT_ACCOUNT_FROZEN, ResultCode.CREDIT_ACCOUNT_FROZEN, ResultCode.DEBIT_ACCOUNT_CLOSED,
                ResultCode.CREDIT_ACCOUNT_CLOSED, ResultCode.PENDING_TRANSFER_ALREADY_POSTED,
                ResultCode.PENDING_TRANSFER_ALREADY_VOIDED, ResultCode.PENDING_TRANSFER_EXPIRED,
                ResultCode.CAMPAIGN_ID_TAKEN, ResultCode.CAMPAIGN_RULES_LOCKED, ResultCode.CAMPAIGN_NOT_OPEN,
                ResultCode.CAMPAIGN_ALREADY_CLOSED, ResultCode.ESCROW_ID_TAKEN, ResultCode.ESCROW_SETTLED,
                ResultCode.LOAN_PRODUCT_ID_TAKEN, ResultCode.LOAN_ID_TAKEN, ResultCode.LOAN_ALREADY_REPAID,
                ResultCode.LOAN_APPLICATION_ID_TAKEN, ResultCode.LOAN_APPLICATION_ALREADY_DECIDED);
        status(507, ResultCode.ACCOUNTS_LIMIT_REACHED, ResultCode.PENDING_LIMIT_REACHED, ResultCode.CAMPAIGN_LIMIT_REACHED,
                ResultCode.ESCROW_LIMIT_REACHED, ResultCode.LOAN_LIMIT_REACHED, ResultCode.LOAN_APPLICATION_LIMIT_REACHED);

        field("amountFen", ResultCode.AMOUNT_MUST_BE_POSITIVE, ResultCode.AMOUNT_OVERFLOW, ResultCode.INSUFFICIENT_FUNDS,
                ResultCode.EXCEEDS_BALANCE_CAP, ResultCode.EXCEEDS_SINGLE_PAYMENT_LIMIT, ResultCode.EXCEEDS_DAILY_LIMIT,
                ResultCode.EXCEEDS_ANNUAL_LIMIT, ResultCode.POST_AMOUNT_EXCEEDS_PENDING,
                ResultCode.CAMPAIGN_POOL_INSUFFICIENT, ResultCode.EXCEEDS_CAMPAIGN_WALLET_CAP,
                ResultCode.ESCROW_AMOUNT_EXCEEDS_REMAINING, ResultCode.LOAN_REPAYMENT_EXCEEDS_OWED);
        field("debitAccountId", ResultCode.DEBIT_ACCOUNT_NOT_FOUND, ResultCode.DEBIT_ACCOUNT_KIND_NOT_ALLOWED,
                ResultCode.DEBIT_ACCOUNT_FROZEN, ResultCode.DEBIT_ACCOUNT_CLOSED, ResultCode.SAME_ACCOUNT,
                ResultCode.WALLET_NOT_AT_OPERATOR);
        field("creditAccountId", ResultCode.CREDIT_ACCOUNT_NOT_FOUND, ResultCode.CREDIT_ACCOUNT_KIND_NOT_ALLOWED,
                ResultCode.CREDIT_ACCOUNT_FROZEN, ResultCode.CREDIT_ACCOUNT_CLOSED);
        field("kind", ResultCode.ACCOUNT_KIND_INVALID, ResultCode.ACCOUNT_KIND_NOT_OPENABLE,
                ResultCode.CENTRAL_BANK_ALREADY_EXISTS);
        field("operatorId", ResultCode.OPERATOR_NOT_FOUND, ResultCode.OPERATOR_NOT_ALLOWED);
        field("tier", ResultCode.TIER_INVALID, ResultCode.NOT_A_WALLET, ResultCode.BALANCE_ABOVE_TIER_CAP);
        field("district", ResultCode.DISTRICT_INVALID);
        field("merchantCategory", ResultCode.MERCHANT_CATEGORY_INVALID);
        field("parentId", ResultCode.PARENT_NOT_FOUND, ResultCode.PARENT_NOT_ALLOWED);
        field("code", ResultCode.TRANSFER_CODE_INVALID, ResultCode.TRANSFER_CODE_RESERVED);
        field("timeoutSeconds", ResultCode.PENDING_TIMEOUT_INVALID, ResultCode.TIMEOUT_REQUIRES_PENDING);
        field("linked", ResultCode.LINKED_CHAIN_OPEN, ResultCode.LINKED_NOT_ALLOWED);
        field("validUntilMs", ResultCode.CAMPAIGN_WINDOW_INVALID);
        field("funderId", ResultCode.FUNDER_NOT_GOVERNMENT);
        field("value", ResultCode.CAMPAIGN_RULE_INVALID);
        field("walletId", ResultCode.WALLET_CANNOT_HOLD_EARMARKS);
        field("deadlineMs", ResultCode.ESCROW_DEADLINE_INVALID);
        field("defaultAction", ResultCode.ESCROW_DEFAULT_INVALID);
        field("partyId", ResultCode.ESCROW_PARTY_NOT_ALLOWED);
        field("beneficiaryId", ResultCode.ESCROW_PARTY_INVALID);
        field("size", ResultCode.ENTERPRISE_SIZE_INVALID);
        field("sector", ResultCode.SECTOR_INVALID);
        field("productId", ResultCode.LOAN_PRODUCT_NOT_FOUND, ResultCode.LOAN_PRODUCT_OF_ANOTHER_LENDER);
        field("applicationId", ResultCode.LOAN_APPLICATION_ID_TAKEN);
        field("termMonths", ResultCode.LOAN_TERM_OUTSIDE_PRODUCT);
        field("purpose", ResultCode.LOAN_PURPOSE_INVALID);
        field("decision", ResultCode.LOAN_DECISION_INVALID);
        field("loanId", ResultCode.LOAN_ID_TAKEN);
        field("lenderId", ResultCode.LENDER_NOT_OPERATOR);
        field("borrowerId", ResultCode.BORROWER_NOT_PROFILED);
        field("principalFen", ResultCode.LOAN_PRINCIPAL_INVALID);
    }

    private ResultStatus() {
    }

    /** The HTTP status of a response whose command got {@code code}. */
    public static int status(final ResultCode code) {
        return STATUS.get(code);
    }

    /** The request field at fault for {@code code}, or null when none (or the path) is. */
    public static String field(final ResultCode code) {
        return FIELD.get(code);
    }

    private static void status(final int status, final ResultCode... codes) {
        for (final ResultCode code : codes) {
            STATUS.put(code, status);
        }
    }

    private static void field(final String field, final ResultCode... codes) {
        for (final ResultCode code : codes) {
            FIELD.put(code, field);
        }
    }
}
