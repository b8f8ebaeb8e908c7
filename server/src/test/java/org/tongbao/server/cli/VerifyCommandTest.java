package org.tongbao.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
    @TempDir
    Path temporary;

    private Path data;

    @BeforeEach
    void runTheDemoIntoADataDirectory() {
        data = temporary.resolve("data");
        assertThat(new DemoScenario(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), data).run())
                .isTrue();
    }

    @Test
    void acceptsAnIntactDataDirectoryAndPrintsItsHeadHash() {
        final Result result = tongbao("verify", "--data", data.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.output()).contains("verify: OK").containsPattern("head hash: +[0-9a-f]{64} \\(batch 10\\)");
    }

    @Test
    void namesTheFileAndOffsetOfAFlippedByte() throws IOException {
        final Path segment = segments().get(0);
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            file.seek(300);
            final int original = file.read();
            file.seek(300);
            file.write(original ^ 0x01);
        }

        final Result result = tongbao("verify", "--data", data.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("verify: FAILED").contains(segment.toString()).contains("offset: 0");
    }

    @Test
    void provesATransferIsInTheJournalAndTheProofChecksAgainstThePublishedHead() {
        final String head = headHash();
        final Path proof = temporary.resolve("proof.txt");

        assertThat(tongbao("verify", "--data", data.toString(), "--transfer", "10030", "--proof", proof.toString())
                .exitCode()).isZero();
        final Result check = tongbao("verify", "--check-proof", proof.toString(), "--head", head);

        assertThat(check.exitCode()).isZero();
        assertThat(check.output()).contains("proof: OK");
    }

    @Test
    void refusesAProofAgainstAnotherHeadOrWithATamperedBatch() throws IOException {
        final String head = headHash();
        final Path proof = temporary.resolve("proof.txt");
        tongbao("verify", "--data", data.toString(), "--transfer", "10030", "--proof", proof.toString());
        final String otherHead = (head.charAt(0) == '0' ? "1" : "0") + head.substring(1);

        assertThat(tongbao("verify", "--check-proof", proof.toString(), "--head", otherHead).exitCode()).isEqualTo(1);

        final String text = Files.readString(proof, StandardCharsets.US_ASCII);
        final int content = text.indexOf("content ") + "content ".length() + 100;
        final char flipped = text.charAt(content) == '0' ? '1' : '0';
        Files.writeString(proof, text.substring(0, content) + flipped + text.substring(content + 1), StandardCharsets.US_ASCII);
        final Result tampered = tongbao("verify", "--check-proof", proof.toString(), "--head", head);

        assertThat(tampered.exitCode()).isEqualTo(1);
        assertThat(tampered.output()).contains("proof: FAILED");
    }

    @Test
    void saysSoWhenNoCommandHasTheId() {
        final Result result = tongbao("verify", "--data", data.toString(), "--transfer", "987654321");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("no command with id 987654321");
    }

    private String headHash() {
        final Matcher matcher = Pattern.compile("head hash: +([0-9a-f]{64})")
                .matcher(tongbao("verify", "--data", data.toString()).output());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private List<Path> segments() throws IOException {
        try (var files = Files.list(data.resolve("journal"))) {
            return files.sorted().toList();
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result tongbao(final String... args) {
        final PrintStream original = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            final int exitCode = TongbaoCommand.execute(args);
            return new Result(exitCode, bytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
