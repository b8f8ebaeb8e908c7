package org.tongbao.server.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.tongbao.durability.DataDirectory;
import org.tongbao.durability.LedgerConfigFile;
import org.tongbao.durability.audit.InclusionProof;
import org.tongbao.durability.journal.JournalCorruptedException;
import org.tongbao.durability.recovery.Recovery;
import org.tongbao.engine.Ledger;
import org.tongbao.engine.LedgerConfig;
import org.tongbao.engine.state.StateDigest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tongbao verify}: the auditor's check of a data directory. Walks every journal segment
 * (CRC, sequence, hash chain), replays from genesis (or from the newest snapshot), re-checks
 * the ledger's invariants, and prints the head hash and totals. Reads only: takes no lock and
 * changes no file, so it can run beside a live server (it sees the journal up to where it reads).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        header = "Audit a data directory: CRCs, hash chain, replay, invariants.",
        description = {"Check a data directory: every record's CRC, the sequence, the hash chain,",
            "a full replay and the ledger's invariants. Exit 0 when all holds, 1 with the file,",
            "byte offset and first broken link otherwise. With --transfer ID, write a proof that",
            "the command is in the journal; with --check-proof FILE --head HEX, check one."})
final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--data", description = "The data directory to check.")
    private Path data;

    @Option(names = "--from-snapshot", description = "Start from the newest valid snapshot instead of genesis.")
    private boolean fromSnapshot;

    @Option(names = "--archive", paramLabel = "DIR",
            description = "Segments moved out by tongbao archive (e.g. DIR/archive), read in front of the journal so"
                    + " the replay can start from genesis.")
    private Path archive;

    @Option(names = "--transfer", paramLabel = "ID",
            description = "Instead: prove that the transfer (or any command) with this id is in the journal.")
    private Long transfer;

    @Option(names = "--proof", paramLabel = "FILE",
            description = "With --transfer: where to write the proof (default: proof-<ID>.txt).")
    private Path proofFile;

    @Option(names = "--check-proof", paramLabel = "FILE",
            description = "Check a proof written by --transfer against a published head hash (--head); needs no data.")
    private Path checkProof;

    @Option(names = "--head", paramLabel = "HEX", description = "With --check-proof: the published head hash.")
    private String head;

    @Override
    public Integer call() {
        final PrintStream out = System.out;
        if (checkProof != null) {
            return checkProof(out);
        }
        if (data == null) {
            throw new IllegalArgumentException("--data DIR is required (or --check-proof FILE --head HEX)");
        }
        if (transfer != null) {
            return prove(out);
        }
        if (!Files.isDirectory(data)) {
            throw new IllegalArgumentException("no data directory at " + data);
        }
        final LedgerConfig config = LedgerConfigFile.read(data.resolve(LedgerConfigFile.FILE_NAME));
        final long startNs = System.nanoTime();
        final Recovery.Recovered recovered;
        try {
            recovered = Recovery.recover(new DataDirectory(data), config, fromSnapshot, false, null, archive);
        } catch (final JournalCorruptedException e) {
            out.println("verify: FAILED");
            out.println("  file:   " + e.file());
            out.println("  offset: " + e.offset());
            out.println("  cause:  " + e.getMessage());
            return 1;
        }
        final Ledger ledger = recovered.ledger();
        final List<String> broken = ledger.checkInvariants();
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        recovered.warnings().forEach(warning -> out.println("warning: " + warning));
        out.printf("journal:      %d batches, %d commands, hash chain and CRCs intact%n",
                recovered.journal().records(), recovered.journal().commands());
        if (recovered.truncatedBytes() > 0) {
            out.printf("torn tail:    %d bytes at %s offset %d (a record cut by a crash, never acknowledged;"
                    + " the next start drops it)%n", recovered.truncatedBytes(), recovered.journal().lastSegment(),
                    recovered.journal().validBytes());
        }
        out.printf("replayed:     %d batches from %s in %.2f s%n", recovered.replayedBatches(),
                recovered.snapshotSequence() == 0 ? "genesis" : "the snapshot at batch " + recovered.snapshotSequence(),
                seconds);
        out.printf("head hash:    %s (batch %d)%n", StateDigest.hex(recovered.journal().headHash()),
                recovered.journal().lastSequence());
        out.printf("state hash:   %s%n", StateDigest.hex(ledger.stateHash()));
        out.printf("circulation:  %s fen (issued %d - redeemed %d); %d accounts, %d pending transfers%n",
                ledger.circulationFen(), ledger.issuedFen(), ledger.redeemedFen(), ledger.accountCount(),
                ledger.pendingCount());
        if (!broken.isEmpty()) {
            out.println("verify: FAILED: invariants broken");
            broken.forEach(problem -> out.println("  " + problem));
            return 1;
        }
        out.println("invariants:   hold (debits = credits; circulation = issued - redeemed; no account below zero or above its cap)");
        out.println("verify: OK");
        return 0;
    }

    private int prove(final PrintStream out) {
        final InclusionProof proof = InclusionProof.build(new DataDirectory(data).journal(), transfer);
        if (proof == null) {
            out.println("verify: no command with id " + transfer + " in the journal of " + data);
            return 1;
        }
        final Path file = proofFile != null ? proofFile : Path.of("proof-" + transfer + ".txt");
        proof.write(file);
        out.printf("command %d is command %d of batch %d%n", transfer, proof.index(), proof.sequence());
        out.printf("hash path: the batch's content, then %d later batch digests, lead to head %s%n",
                proof.laterDigests().size(), HexFormat.of().formatHex(proof.headHash()));
        out.println("proof written to " + file + "; anyone can check it against the published head hash with:");
        out.println("  ./tongbao verify --check-proof " + file + " --head " + HexFormat.of().formatHex(proof.headHash()));
        return 0;
    }

    private int checkProof(final PrintStream out) {
        if (head == null) {
            throw new IllegalArgumentException("--check-proof needs --head HEX, the published head hash");
        }
        final byte[] published;
        try {
            published = HexFormat.of().parseHex(head.trim());
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("--head must be a 64-digit hexadecimal SHA-256 hash", e);
        }
        final InclusionProof proof = InclusionProof.read(checkProof);
        final String problem = proof.problemAgainst(published);
        if (problem != null) {
            out.println("proof: FAILED: " + problem);
            return 1;
        }
        out.printf("proof: OK: command %d is in batch %d of the journal whose head is %s%n", proof.commandId(),
                proof.sequence(), head.trim());
        return 0;
    }
}
