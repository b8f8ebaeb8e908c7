package org.tongbao.kpi.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The fintech enterprise registry (AI, data, cloud computing, blockchain, machine learning)
 * against the plan's target of 1,000 by end 2025. Registration validates the unified social
 * credit code (GB 32100-2015 check character) and refuses duplicates, answering with a
 * {@link RegistrationResult}, never an exception. Counts by sector and district as of any day.
 *
 * <p>With a file, every registration is appended (one tab-separated line: date, code,
 * district, sector numbers, name) and synced before {@code OK} is answered, and the file is
 * read back on construction. Thread-safe (synchronised): registrations are rare.
 */
public final class FintechRegistry {
    private final Path file;
    private final Map<String, Enterprise> byCode = new HashMap<>();
    private final List<Enterprise> inOrder = new ArrayList<>();

    /** An in-memory registry. */
    public FintechRegistry() {
        this.file = null;
    }

    /** A registry kept in {@code file} (created when first written; read now if it exists). */
    public FintechRegistry(final Path file) {
        this.file = file;
        if (Files.exists(file)) {
            load();
        }
    }

    /** Registers an enterprise; OK, or why not (nothing changes then). */
    public synchronized RegistrationResult register(final String name, final String creditCode,
                                                    final Set<FintechSector> sectors, final int district,
                                                    final LocalDate registered) {
        final RegistrationResult invalid = validate(name, creditCode, sectors, district, registered);
        if (invalid != RegistrationResult.OK) {
            return invalid;
        }
        final Enterprise enterprise = new Enterprise(name.trim(), UnifiedSocialCreditCode.normalise(creditCode),
                EnumSet.copyOf(sectors), district, registered);
        if (file != null) {
            append(enterprise);
        }
        add(enterprise);
        return RegistrationResult.OK;
    }

    private RegistrationResult validate(final String name, final String creditCode, final Set<FintechSector> sectors,
                                        final int district, final LocalDate registered) {
        if (name == null || name.isBlank() || name.indexOf('\t') >= 0 || name.indexOf('\n') >= 0
                || name.indexOf('\r') >= 0) {
            return RegistrationResult.NAME_REQUIRED;
        }
        final String code = UnifiedSocialCreditCode.normalise(creditCode);
        final RegistrationResult codeResult = switch (UnifiedSocialCreditCode.check(code)) {
            case OK -> RegistrationResult.OK;
            case WRONG_LENGTH -> RegistrationResult.CODE_WRONG_LENGTH;
            case INVALID_CHARACTER -> RegistrationResult.CODE_INVALID_CHARACTER;
            case CHECK_DIGIT_MISMATCH -> RegistrationResult.CODE_CHECK_DIGIT_MISMATCH;
        };
        if (codeResult != RegistrationResult.OK) {
            return codeResult;
        }
        if (byCode.containsKey(code)) {
            return RegistrationResult.DUPLICATE_CODE;
        }
        if (sectors == null || sectors.isEmpty()) {
            return RegistrationResult.SECTOR_REQUIRED;
        }
        if (district < 100_000 || district > 999_999) {
            return RegistrationResult.DISTRICT_INVALID;
        }
        return registered == null ? RegistrationResult.DATE_REQUIRED : RegistrationResult.OK;
    }

    /** The enterprise with this code, or null. */
    public synchronized Enterprise find(final String creditCode) {
        return byCode.get(UnifiedSocialCreditCode.normalise(creditCode));
    }

    /** Every enterprise, in registration order. */
    public synchronized List<Enterprise> enterprises() {
        return List.copyOf(inOrder);
    }

    /** Enterprises registered on or before {@code day} (epoch day). */
    public synchronized long count(final int day) {
        return inOrder.stream().filter(e -> e.registered().toEpochDay() <= day).count();
    }

    /** Enterprises registered on or before {@code day} in sector {@code sector} (an enterprise counts in each of its sectors). */
    public synchronized long countInSector(final FintechSector sector, final int day) {
        return inOrder.stream().filter(e -> e.registered().toEpochDay() <= day && e.sectors().contains(sector)).count();
    }

    /** Enterprises registered on or before {@code day} in district {@code district}. */
    public synchronized long countInDistrict(final int district, final int day) {
        return inOrder.stream().filter(e -> e.registered().toEpochDay() <= day && e.district() == district).count();
    }

    /** Counts by sector as of {@code day}, every sector listed. */
    public synchronized Map<FintechSector, Long> bySector(final int day) {
        final Map<FintechSector, Long> counts = new java.util.EnumMap<>(FintechSector.class);
        for (final FintechSector sector : FintechSector.values()) {
            counts.put(sector, countInSector(sector, day));
        }
        return counts;
    }

    /** Counts by district code as of {@code day}. */
    public synchronized Map<Integer, Long> byDistrict(final int day) {
        return inOrder.stream().filter(e -> e.registered().toEpochDay() <= day)
                .collect(Collectors.groupingBy(Enterprise::district, TreeMap::new, Collectors.counting()));
    }

    private void add(final Enterprise enterprise) {
        byCode.put(enterprise.creditCode(), enterprise);
        inOrder.add(enterprise);
    }

    private void append(final Enterprise enterprise) {
        final String line = enterprise.registered() + "\t" + enterprise.creditCode() + "\t" + enterprise.district() + "\t"
                + enterprise.sectors().stream().map(s -> Integer.toString(s.number())).sorted()
                        .collect(Collectors.joining(",")) + "\t" + enterprise.name() + "\n";
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                channel.write(java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot append to the fintech registry " + file, e);
        }
    }

    private void load() {
        try {
            int number = 0;
            for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                final String[] fields = line.split("\t", 5);
                if (fields.length != 5) {
                    throw new IllegalStateException("fintech registry " + file + " line " + number + " is not"
                            + " date<TAB>code<TAB>district<TAB>sectors<TAB>name");
                }
                final Set<FintechSector> sectors = EnumSet.noneOf(FintechSector.class);
                for (final String sector : fields[3].split(",")) {
                    sectors.add(FintechSector.ofNumber(Integer.parseInt(sector.trim())));
                }
                add(new Enterprise(fields[4], fields[1], sectors, Integer.parseInt(fields[2]), LocalDate.parse(fields[0])));
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read the fintech registry " + file, e);
        }
    }
}
