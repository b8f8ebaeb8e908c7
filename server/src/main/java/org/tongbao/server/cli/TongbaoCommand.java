package org.tongbao.server.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tongbao} command line: the entry point of the runnable jar. Each subcommand is a
 * class of this package. Errors reach the user as one line saying what to do, with exit code
 * 2 for bad usage and 1 for a failure while running; stack traces only with
 * {@code TONGBAO_DEBUG=1}.
 */
@Command(name = "tongbao", mixinStandardHelpOptions = true, versionProvider = TongbaoCommand.Version.class,
        description = "Tongbao: ledger, programmable money and KPI monitoring for a city's e-CNY pilot.",
        subcommands = {DemoCommand.class, SimulateCommand.class, VerifyCommand.class, ArchiveCommand.class, KpiCommand.class, BenchCommand.class,
            ServeCommand.class,
            TokenCommand.class,
            CommandLine.HelpCommand.class})
public final class TongbaoCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests). */
    public static int execute(final String... args) {
        final CommandLine commandLine = new CommandLine(new TongbaoCommand());
        commandLine.setExecutionExceptionHandler((exception, failed, parseResult) -> {
            final PrintWriter err = failed.getErr();
            err.println("tongbao: " + exception.getMessage());
            if ("1".equals(System.getenv("TONGBAO_DEBUG"))) {
                exception.printStackTrace(err);
            } else {
                err.println("(run with TONGBAO_DEBUG=1 for the stack trace)");
            }
            return 1;
        });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Version from the jar's manifest, when built. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            final String version = TongbaoCommand.class.getPackage().getImplementationVersion();
            return new String[] {"tongbao " + (version == null ? "(development build)" : version)};
        }
    }
}
