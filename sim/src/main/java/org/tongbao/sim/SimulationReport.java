package org.tongbao.sim;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.tongbao.engine.ResultCode;
import org.tongbao.kpi.KpiPlatform;
import org.tongbao.kpi.metric.Metric;
import org.tongbao.kpi.metric.Period;

/**
 * What a simulation reproduced: each reported figure of the year (at the run's scale) beside
 * what the KPI platform measured on the simulated ledger, and the run's own figures. For a run
 * that stops before 31 December ({@code --until}) the comparison is with the simulator's plan
 * to that day (its seasonality, opening curve and campaign calendar), not a straight-line share.
 * Immutable.
 */
public record SimulationReport(int year, double scale, long seed, boolean fullYear, List<Figure> figures,
                               List<String> facts, long transactions, long commands, long rejected, String headHash,
                               double seconds) {

    /** One figure: what was reported (at scale), what the plan expects by the last simulated day, what was simulated. */
    public record Figure(String name, String unit, double reported, double expected, double simulated) {
        /** Counts compare with the expected count rounded to a whole one (371 x 0.0002 enterprises is 0). */
        public double differencePercent() {
            final double compared = unit.equals("count") ? Math.round(expected) : expected;
            if (compared == 0) {
                return simulated == 0 ? 0 : 100;
            }
            return 100.0 * (simulated - compared) / compared;
        }
    }

    static SimulationReport of(final PilotYear pilot, final PilotSimulator.Options options, final KpiPlatform kpi,
                               final int firstDay, final int lastDay, final Submitter out, final byte[] head,
                               final double seconds, final boolean fullYear, final double[] planToDate) {
        final double scale = options.scale();
        final List<Figure> figures = new ArrayList<>();
        figures.add(figure("e-CNY transaction volume", "CNY", pilot.volumeYuan() * scale, planToDate[0], fullYear,
                kpi.value(Metric.TRANSACTION_VOLUME, null, 0, firstDay, lastDay) / 100.0));
        figures.add(figure("businesses and government bodies transacting", "count", pilot.businesses() * scale, planToDate[1],
                fullYear, kpi.value(Metric.BUSINESSES_TRANSACTING, null, 0, Period.YEAR, lastDay)));
        figures.add(figure("wallets opened", "count", pilot.walletsOpened() * scale, planToDate[2], fullYear,
                kpi.value(Metric.WALLETS_OPENED, null, 0, firstDay, lastDay)));
        figures.add(figure("financial incentives granted", "CNY", pilot.incentivesYuan() * scale, planToDate[3], fullYear,
                kpi.value(Metric.INCENTIVES_GRANTED, null, 0, firstDay, lastDay) / 100.0));
        figures.add(figure("SME loans disbursed in e-CNY", "CNY", pilot.loansYuan() * scale, planToDate[4], fullYear,
                kpi.value(Metric.SME_LOANS_DISBURSED, null, 0, firstDay, lastDay) / 100.0));
        figures.add(figure("fintech enterprises registered", "count", pilot.fintechEnterprises() * scale, planToDate[5],
                fullYear,
                kpi.value(Metric.FINTECH_ENTERPRISES, null, 0, Period.YEAR, lastDay)));
        final List<String> facts = new ArrayList<>();
        final long transactions = kpi.value(Metric.TRANSACTION_COUNT, null, 0, firstDay, lastDay);
        facts.add(String.format(Locale.ROOT, "transactions: %,d (%,.0f CNY on average)", transactions,
                transactions == 0 ? 0 : figures.get(0).simulated() / transactions));
        facts.add(String.format(Locale.ROOT, "active wallets (paid at least once): %,.0f",
                kpi.value(Metric.ACTIVE_WALLETS, null, 0, Period.YEAR, lastDay)));
        facts.add(String.format(Locale.ROOT, "incentives spent %,.0f CNY, expired %,.0f CNY; merchant sales per incentive"
                        + " yuan spent %.2f", kpi.value(Metric.INCENTIVES_SPENT, null, 0, firstDay, lastDay) / 100.0,
                kpi.value(Metric.INCENTIVES_EXPIRED, null, 0, firstDay, lastDay) / 100.0,
                kpi.value(Metric.SALES_PER_INCENTIVE_YUAN, null, 0, Period.YEAR, lastDay)));
        facts.add(String.format(Locale.ROOT, "loans outstanding %,.0f CNY, overdue ratio %.2f%%",
                kpi.value(Metric.LOANS_OUTSTANDING, null, 0, firstDay, lastDay) / 100.0,
                100 * kpi.value(Metric.OVERDUE_RATIO, null, 0, Period.YEAR, lastDay)));
        facts.add(String.format(Locale.ROOT, "e-CNY in circulation at the end: %,.0f CNY",
                kpi.value(Metric.CIRCULATION, null, 0, firstDay, lastDay) / 100.0));
        final StringBuilder rejections = new StringBuilder();
        for (final ResultCode code : ResultCode.values()) {
            if (code != ResultCode.OK && out.rejected(code) > 0) {
                rejections.append(rejections.isEmpty() ? "" : ", ").append(code).append(' ').append(out.rejected(code));
            }
        }
        facts.add("commands the ledger rejected: " + (rejections.isEmpty() ? "none" : rejections));
        return new SimulationReport(pilot.year(), scale, options.seed(), fullYear, List.copyOf(figures), List.copyOf(facts),
                transactions, out.commands(), out.rejectedTotal(), HexFormat.of().formatHex(head), seconds);
    }

    private static Figure figure(final String name, final String unit, final double reported, final double planned,
                                 final boolean fullYear, final double simulated) {
        return new Figure(name, unit, reported, fullYear ? reported : planned, simulated);
    }

    public long commandsPerSecond() {
        return seconds == 0 ? 0 : Math.round(commands / seconds);
    }

    /** Transactions (the KPI's count: payments, loan movements, campaign spending) per second of the run. */
    public long transactionsPerSecond() {
        return seconds == 0 ? 0 : Math.round(transactions / seconds);
    }

    /** The table people read. */
    public void printTable(final PrintStream out) {
        out.printf(Locale.ROOT, "%nSimulated %d at scale %s (seed %d)%s%n", year, scale, seed,
                fullYear ? "" : ": compared with the plan to the last simulated day");
        out.printf(Locale.ROOT, "%-46s %22s %22s %11s%n", "figure", fullYear ? "reported x scale" : "plan to date",
                "simulated", "difference");
        for (final Figure figure : figures) {
            out.printf(Locale.ROOT, "%-46s %,22.0f %,22.0f %+10.2f%%%n", figure.name() + " (" + figure.unit() + ")",
                    figure.expected(), figure.simulated(), figure.differencePercent());
        }
        out.println();
        facts.forEach(fact -> out.println("  " + fact));
        out.printf(Locale.ROOT, "  %,d commands in %.1f s (%,d/s); journal head %s%n", commands, seconds,
                commandsPerSecond(), headHash);
    }

    /** The same as one JSON document: {@code figures} array of name, reported, simulated, difference_percent. */
    public void printJson(final PrintStream out) {
        final StringBuilder json = new StringBuilder("{\n");
        json.append(String.format(Locale.ROOT, "  \"year\": %d,\n  \"scale\": %s,\n  \"seed\": %d,\n  \"full_year\": %s,%n",
                year, scale, seed, fullYear));
        json.append("  \"figures\": [\n");
        for (int i = 0; i < figures.size(); i++) {
            final Figure figure = figures.get(i);
            json.append(String.format(Locale.ROOT,
                    "    {\"name\": \"%s\", \"unit\": \"%s\", \"reported\": %.2f, \"expected\": %.2f, \"simulated\": %.2f,"
                            + " \"difference_percent\": %.4f}%s%n", figure.name(), figure.unit(), figure.reported(),
                    figure.expected(), figure.simulated(), figure.differencePercent(), i + 1 < figures.size() ? "," : ""));
        }
        json.append(String.format(Locale.ROOT, "  ],%n  \"commands\": %d,%n  \"rejected\": %d,%n  \"seconds\": %.3f,%n"
                + "  \"journal_head\": \"%s\"%n}%n", commands, rejected, seconds, headHash));
        out.print(json);
    }
}
