package org.tongbao.engine.command;

/**
 * Binary layout of one command: eight 64-bit words (64 bytes), the same in memory, in the
 * journal and on replay. {@link CommandBatch} holds commands back to back in a {@code long[]}.
 *
 * <pre>
 *  word  field            OPEN_ACCOUNT          TRANSFER                POST / VOID      CHANGE_TIER, FREEZE,
 *                                                                                        UNFREEZE, CLOSE
 *  ----  ---------------  --------------------  ----------------------  ---------------  -------------------
 *   0    header           type, flags, kind,    type, flags, code,      type             type, tier (change)
 *                         tier                  timeoutSeconds
 *   1    id               new account's id      transfer id             command id       command id
 *   2    account          operator account id   debit account id        -                account id
 *   3    otherAccount     parent wallet id      credit account id       -                -
 *   4    amountFen        -                     amount                  amount (post;    -
 *                                                                       0 = all)
 *   5    reference        -                     -                       pending id       -
 *   6    location         district | mcc << 32  -                       -                -
 *   7    userData         opaque to the engine: the caller's own reference, kept in events
 *
 *  Programmable money and credit (fields not named are 0; flags are 0):
 *
 *  type               id            account      otherAccount  amountFen     reference         location         code / value
 *  -----------------  ------------  -----------  ------------  ------------  ----------------  ---------------  ----------------
 *  CAMPAIGN_CREATE    campaign id   funder       -             budget        validFromMs       validUntilMs     -
 *  CAMPAIGN_RULE      command id    -            -             rule value    campaign id       -                rule / -
 *  CAMPAIGN_GRANT     grant id      -            wallet        amount        campaign id       -                -
 *  CAMPAIGN_CLOSE     command id    -            -             -             campaign id       -                -
 *  ESCROW_LOCK        escrow id     payer        beneficiary   amount        authorised party  deadlineMs       default / -
 *  ESCROW_RELEASE,    command id    acting party -             amount        escrow id         -                -
 *   ESCROW_REFUND                                              (0 = rest)
 *  ENTERPRISE_PROFILE command id    account      -             -             -                 -                size / sector
 *  LOAN_PRODUCT       product id    lender       -             -             rateBp |          graceMonths |    amortisation /
 *                                                                            penaltyBp << 32   repayDay << 32   termMonths
 *  LOAN_DISBURSE      loan id       -            borrower      principal     product id        -                -
 *  LOAN_REPAY         command id    -            -             amount        loan id           -                -
 *  LOAN_APPLY         application   applicant    -             amount        product id        -                purpose /
 *                     id                                                                                        termMonths
 *  LOAN_DECIDE        command id    lender       -             -             application id    loan id          decision /
 *                                                                                              (approve)        reason (decline)
 *  LOAN_WITHDRAW      command id    applicant's  -             -             application id    -                -
 *                                   operator
 *
 *  header word, bit 0 = lowest:
 *   bits  0-7   type       CommandType number
 *   bits  8-15  flags      LINKED, PENDING, HARD_WALLET
 *   bits 16-31  code       TransferCode number (transfers), AccountKind number (open account),
 *                          LoanPurpose number (LOAN_APPLY) or decision: 1 approve, 2 decline (LOAN_DECIDE)
 *   bits 32-63  value      timeout in seconds (pending transfers), KYC tier (open, change tier),
 *                          term in months (LOAN_APPLY) or LoanDeclineReason number (LOAN_DECIDE, decline)
 * </pre>
 *
 * Fields a type does not use must be zero; the ledger rejects anything else, so a command's
 * fingerprint (for idempotency) covers exactly what the caller meant.
 */
public final class CommandDescriptor {
    public static final int WORDS = 8;
    public static final int BYTES = WORDS * Long.BYTES;

    public static final int HEADER = 0;
    public static final int ID = 1;
    public static final int ACCOUNT = 2;
    public static final int OTHER_ACCOUNT = 3;
    public static final int AMOUNT = 4;
    public static final int REFERENCE = 5;
    public static final int LOCATION = 6;
    public static final int USER_DATA = 7;

    /** The command and the one after it succeed or fail together. */
    public static final int FLAG_LINKED = 1;
    /** The transfer reserves funds until posted, voided or timed out. */
    public static final int FLAG_PENDING = 1 << 1;
    /** The wallet being opened is a hard wallet (card, wearable, SIM, device chip). */
    public static final int FLAG_HARD_WALLET = 1 << 2;

    private CommandDescriptor() {
    }

    public static long header(final int type, final int flags, final int code, final int value) {
        return (type & 0xFFL) | (flags & 0xFFL) << 8 | (code & 0xFFFFL) << 16 | ((long) value) << 32;
    }

    public static int type(final long header) {
        return (int) (header & 0xFF);
    }

    public static int flags(final long header) {
        return (int) ((header >>> 8) & 0xFF);
    }

    public static int code(final long header) {
        return (int) ((header >>> 16) & 0xFFFF);
    }

    public static int value(final long header) {
        return (int) (header >>> 32);
    }

    public static long location(final int district, final int merchantCategory) {
        return (district & 0xFFFF_FFFFL) | ((long) merchantCategory << 32);
    }

    public static int district(final long location) {
        return (int) location;
    }

    public static int merchantCategory(final long location) {
        return (int) (location >>> 32);
    }
}
