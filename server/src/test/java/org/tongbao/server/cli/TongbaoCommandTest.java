package org.tongbao.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
