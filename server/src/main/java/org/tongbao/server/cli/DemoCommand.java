package org.tongbao.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code tongbao demo}: until the pilot simulator lands, a small built-in scenario that shows
 * the ledger at work and prints what happened.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run a small e-CNY scenario through the ledger and print what happened:",
            "issuance, exchange, payments of every kind, offline (two-phase) payments, linked",
            "chains, retries, the rules that reject, final balances and the conservation check."})
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return new DemoScenario(System.out).run() ? 0 : 1;
    }
}
