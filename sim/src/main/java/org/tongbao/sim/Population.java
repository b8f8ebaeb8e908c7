package org.tongbao.sim;

import java.util.Arrays;
import org.tongbao.engine.account.AccountKind;
import org.tongbao.engine.wallet.WalletLimits;

/**
 * The simulator's own picture of the accounts it opened: for each personal wallet, merchant,
 * business and government body its operator, district and what the simulator believes it
 * holds and has spent, so it generates payments the ledger's rules accept (funds, balance
 * caps, single, daily and annual limits). Primitive arrays by local index; account ids are
 * derived from the index. Used by the generating thread only.
 *
 * <p>Memory at the seed's 30.54 million wallets: about 30 bytes per personal wallet (0.9 GB).
 */
final class Population {
    static final long CENTRAL_BANK = 1;
    static final long FIRST_GOVERNMENT = 100;
    static final long FIRST_MERCHANT = 10_000_000L;
    static final long FIRST_BUSINESS = 30_000_000L;
    static final long FIRST_PERSON = 100_000_000L;

    private final WalletLimits limits;

    // Personal wallets.
    int persons;
    byte[] personTier = new byte[1024];
    byte[] personOperator = new byte[1024];
    byte[] personDistrict = new byte[1024];
    int[] personBalanceFen = new int[1024];
    int[] personEarmarkFen = new int[1024];
    short[] personEarmarkCampaign = new short[1024];
    short[] personSpendDay = new short[1024];
    int[] personDaySpentFen = new int[1024];
    int[] personYearSpentFen = new int[1024];

    // Merchants.
    int merchants;
    byte[] merchantCategory = new byte[1024];
    byte[] merchantOperator = new byte[1024];
    byte[] merchantDistrict = new byte[1024];
    long[] merchantBalanceFen = new long[1024];
    final int[][] merchantsByCategory = new int[Suzhou.CATEGORIES.size()][];
    final int[] categoryCount = new int[Suzhou.CATEGORIES.size()];

    // Businesses (corporate wallets).
    int businesses;
    byte[] businessOperator = new byte[1024];
    byte[] businessDistrict = new byte[1024];
    long[] businessBalanceFen = new long[1024];
    long[] businessEarmarkFen = new long[1024];
    boolean[] businessBorrower = new boolean[1024];

    // Government bodies.
    int governments;
    byte[] governmentDistrict = new byte[64];
    byte[] governmentOperator = new byte[64];
    long[] governmentBalanceFen = new long[64];

    final long[] operatorReserveFen = new long[Suzhou.OPERATORS.size()];

    Population(final WalletLimits limits) {
        this.limits = limits;
        for (int c = 0; c < merchantsByCategory.length; c++) {
            merchantsByCategory[c] = new int[64];
        }
    }

    static long operatorId(final int operator) {
        return Suzhou.OPERATORS.get(operator).accountId();
    }

    static long personId(final int person) {
        return FIRST_PERSON + person;
    }

    static long merchantId(final int merchant) {
        return FIRST_MERCHANT + merchant;
    }

    static long businessId(final int business) {
        return FIRST_BUSINESS + business;
    }

    static long governmentId(final int government) {
        return FIRST_GOVERNMENT + government;
    }

    int addPerson(final int tier, final int operator, final int district) {
        if (persons == personTier.length) {
            final int size = persons * 2;
            personTier = Arrays.copyOf(personTier, size);
            personOperator = Arrays.copyOf(personOperator, size);
            personDistrict = Arrays.copyOf(personDistrict, size);
            personBalanceFen = Arrays.copyOf(personBalanceFen, size);
            personEarmarkFen = Arrays.copyOf(personEarmarkFen, size);
            personEarmarkCampaign = Arrays.copyOf(personEarmarkCampaign, size);
            personSpendDay = Arrays.copyOf(personSpendDay, size);
            personDaySpentFen = Arrays.copyOf(personDaySpentFen, size);
            personYearSpentFen = Arrays.copyOf(personYearSpentFen, size);
        }
        final int person = persons++;
        personTier[person] = (byte) tier;
        personOperator[person] = (byte) operator;
        personDistrict[person] = (byte) district;
        personEarmarkCampaign[person] = -1;
        return person;
    }

    int addMerchant(final int category, final int operator, final int district) {
        if (merchants == merchantCategory.length) {
            final int size = merchants * 2;
            merchantCategory = Arrays.copyOf(merchantCategory, size);
            merchantOperator = Arrays.copyOf(merchantOperator, size);
            merchantDistrict = Arrays.copyOf(merchantDistrict, size);
            merchantBalanceFen = Arrays.copyOf(merchantBalanceFen, size);
        }
        final int merchant = merchants++;
        merchantCategory[merchant] = (byte) category;
        merchantOperator[merchant] = (byte) operator;
        merchantDistrict[merchant] = (byte) district;
        if (categoryCount[category] == merchantsByCategory[category].length) {
            merchantsByCategory[category] = Arrays.copyOf(merchantsByCategory[category], categoryCount[category] * 2);
        }
        merchantsByCategory[category][categoryCount[category]++] = merchant;
        return merchant;
    }

    int addBusiness(final int operator, final int district) {
        if (businesses == businessOperator.length) {
            final int size = businesses * 2;
            businessOperator = Arrays.copyOf(businessOperator, size);
            businessDistrict = Arrays.copyOf(businessDistrict, size);
            businessBalanceFen = Arrays.copyOf(businessBalanceFen, size);
            businessEarmarkFen = Arrays.copyOf(businessEarmarkFen, size);
            businessBorrower = Arrays.copyOf(businessBorrower, size);
        }
        final int business = businesses++;
        businessOperator[business] = (byte) operator;
        businessDistrict[business] = (byte) district;
        return business;
    }

    int addGovernment(final int operator, final int district) {
        if (governments == governmentDistrict.length) {
            governmentDistrict = Arrays.copyOf(governmentDistrict, governments * 2);
            governmentOperator = Arrays.copyOf(governmentOperator, governments * 2);
            governmentBalanceFen = Arrays.copyOf(governmentBalanceFen, governments * 2);
        }
        final int government = governments++;
        governmentDistrict[government] = (byte) district;
        governmentOperator[government] = (byte) operator;
        return government;
    }

    // ---- personal limits, as the ledger counts them ----

    long balanceCapFen(final int person) {
        return limits.balanceCapFen(AccountKind.PERSONAL.number(), personTier[person]);
    }

    /** The most this wallet may pay now: free funds aside, what its single, daily and annual limits leave. */
    long paymentRoomFen(final int person, final int day) {
        final int tier = personTier[person];
        final int kind = AccountKind.PERSONAL.number();
        final long daySpent = personSpendDay[person] == (short) day ? personDaySpentFen[person] : 0;
        return Math.min(limits.singlePaymentFen(kind, tier),
                Math.min(limits.dailyFen(kind, tier) - daySpent, limits.annualFen(kind, tier) - personYearSpentFen[person]));
    }

    void countPayment(final int person, final int day, final long amountFen) {
        if (personSpendDay[person] != (short) day) {
            personSpendDay[person] = (short) day;
            personDaySpentFen[person] = 0;
        }
        personDaySpentFen[person] += (int) amountFen;
        personYearSpentFen[person] += (int) amountFen;
    }

    long personFreeFen(final int person) {
        return personBalanceFen[person] - personEarmarkFen[person];
    }
}
