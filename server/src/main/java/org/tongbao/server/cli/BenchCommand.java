package org.tongbao.server.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tongbao bench}: the benchmarks, one subcommand each. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        header = "Benchmarks: ledger, sim, history, http.",
        description = "Measure Tongbao. Each figure is printed beside its same-run baseline.",
        subcommands = {BenchLedgerCommand.class, BenchSimCommand.class, BenchHistoryCommand.class, BenchHttpCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where a bench puts its temporary data: {@code --bench-dir} when given, else the system temp folder. */
    static Path folder(final Path chosen) {
        return chosen != null ? chosen : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
