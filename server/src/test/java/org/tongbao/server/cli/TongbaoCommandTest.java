package org.tongbao.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TongbaoCommandTest {

    @Test
    void demoRunsTheScenarioAndReportsConservation() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final boolean held = new DemoScenario(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        final String output = bytes.toString(StandardCharsets.UTF_8);

        assertThat(held).isTrue();
        assertThat(output)
                .contains("Conservation check: OK")
                .contains("EXCEEDS_SINGLE_PAYMENT_LIMIT")
                .contains("INSUFFICIENT_FUNDS")
                .contains("PENDING_TRANSFER_EXPIRED")
                .contains("LINKED_EVENT_FAILED")
                .contains("replayed")
                .containsPattern("State hash after \\d+ batches: [0-9a-f]{64}");
    }

    @Test
    void demoIsDeterministic() {
        assertThat(runDemo()).isEqualTo(runDemo());
    }

    @Test
    void unknownCommandExitsWithUsageError() {
        assertThat(TongbaoCommand.execute("no-such-command")).isEqualTo(2);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(TongbaoCommand.execute("--help")).isZero();
    }

    private static String runDemo() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new DemoScenario(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
