package org.tongbao.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tongbao demo}: until the pilot simulator lands, a small built-in scenario that shows
 * the ledger at work and prints what happened.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run a small e-CNY scenario through the ledger and print what happened:",
            "issuance, exchange, payments of every kind, offline (two-phase) payments, linked",
            "chains, retries, the rules that reject, final balances and the conservation check.",
            "Everything is journaled in a data directory; the demo restarts from it at the end."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data", description = "A new (or empty) data directory for the demo's journal and snapshots"
            + " (default: a fresh folder under tongbao-data/).")
    private Path data;

    @Override
    public Integer call() throws Exception {
        final Path directory = data != null ? data : Path.of("tongbao-data", "demo-" + System.currentTimeMillis());
        if (Files.isDirectory(directory)) {
            try (var entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("the demo needs a new or empty directory; " + directory
                            + " already holds data (choose another --data)");
                }
            }
        }
        return new DemoScenario(System.out, directory).run() ? 0 : 1;
    }
}
