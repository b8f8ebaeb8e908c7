package org.tongbao.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TongbaoCommandTest {
    @TempDir
    Path temporary;

    @Test
    void demoRunsTheScenarioAndReportsConservation() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final boolean held = new DemoScenario(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                temporary.resolve("demo-" + System.nanoTime())).run();
        final String output = bytes.toString(StandardCharsets.UTF_8);

        assertThat(held).isTrue();
        assertThat(output)
                .contains("Conservation check: OK")
                .contains("EXCEEDS_SINGLE_PAYMENT_LIMIT")
                .contains("INSUFFICIENT_FUNDS")
                .contains("PENDING_TRANSFER_EXPIRED")
                .contains("LINKED_EVENT_FAILED")
                .contains("replayed")
                .containsPattern("State hash after \\d+ batches: [0-9a-f]{64}")
                .contains("state hash identical");
    }

    @Test
    void demoIsDeterministicButForItsDirectory() {
        assertThat(withoutDirectories(runDemo())).isEqualTo(withoutDirectories(runDemo()));
    }

    @Test
    void unknownCommandExitsWithUsageError() {
        assertThat(TongbaoCommand.execute("no-such-command")).isEqualTo(2);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(TongbaoCommand.execute("--help")).isZero();
    }

    @Test
    void everyCommandsHelpRendersWithoutAWarning() {
        final List<String[]> commands = new ArrayList<>();
        collect(new picocli.CommandLine(new TongbaoCommand()), new ArrayList<>(), commands);
        assertThat(commands).hasSizeGreaterThan(10);
        final PrintStream err = System.err;
        final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (final String[] command : commands) {
                final String[] withHelp = Arrays.copyOf(command, command.length + 1);
                withHelp[command.length] = "--help";
                assertThat(TongbaoCommand.execute(withHelp)).as(String.join(" ", withHelp)).isZero();
            }
        } finally {
            System.setErr(err);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).as("picocli's warnings while rendering help").isEmpty();
    }

    private static void collect(final picocli.CommandLine command, final List<String> path, final List<String[]> out) {
        for (final var sub : command.getSubcommands().entrySet()) {
            final List<String> next = new ArrayList<>(path);
            next.add(sub.getKey());
            if (sub.getValue().getCommandSpec().mixinStandardHelpOptions()) {
                out.add(next.toArray(String[]::new));
            }
            collect(sub.getValue(), next, out);
        }
    }

    private String runDemo() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DemoScenario(new PrintStream(bytes, true, StandardCharsets.UTF_8), temporary.resolve("demo-" + System.nanoTime()))
                .run();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private String withoutDirectories(final String output) {
        return output.replace(temporary.toString(), "").replaceAll("demo-\\d+", "demo");
    }
}
