package org.tongbao.kpi.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FintechRegistryTest {
    /** Real, published codes (Huawei Technologies; a Beijing company), valid by GB 32100-2015. */
    private static final String HUAWEI = "914403001922038216";
    private static final String BEIJING = "91110000600037341L";
    private static final LocalDate DAY = LocalDate.of(2023, 3, 1);
    private static final int KUNSHAN = 320583;

    @TempDir
    Path temporary;

    @Test
    void acceptsPublishedCodesAndRejectsEveryOneCharacterChangeOfThem() {
        assertThat(UnifiedSocialCreditCode.check(HUAWEI)).isEqualTo(UnifiedSocialCreditCode.Check.OK);
        assertThat(UnifiedSocialCreditCode.check(BEIJING)).isEqualTo(UnifiedSocialCreditCode.Check.OK);
        for (int position = 0; position < 18; position++) {
            for (final char c : UnifiedSocialCreditCode.CHARACTERS.toCharArray()) {
                if (c == HUAWEI.charAt(position)) {
                    continue;
                }
                final String changed = HUAWEI.substring(0, position) + c + HUAWEI.substring(position + 1);
                assertThat(UnifiedSocialCreditCode.check(changed)).as(changed)
                        .isEqualTo(UnifiedSocialCreditCode.Check.CHECK_DIGIT_MISMATCH);
            }
        }
    }

    @Test
    void theCheckCharacterOfRandomCodesValidates() {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000; i++) {
            final String code = randomValidCode(random);
            assertThat(UnifiedSocialCreditCode.check(code)).as(code).isEqualTo(UnifiedSocialCreditCode.Check.OK);
        }
    }

    @Test
    void namesWhatIsWrongWithACode() {
        assertThat(UnifiedSocialCreditCode.check("91440300192203821")).isEqualTo(UnifiedSocialCreditCode.Check.WRONG_LENGTH);
        assertThat(UnifiedSocialCreditCode.check("9144030019220382I6"))
                .isEqualTo(UnifiedSocialCreditCode.Check.INVALID_CHARACTER);
        assertThat(UnifiedSocialCreditCode.check("914403001922038217"))
                .isEqualTo(UnifiedSocialCreditCode.Check.CHECK_DIGIT_MISMATCH);
    }

    @Test
    void registersAnEnterpriseWithAValidCode() {
        final FintechRegistry registry = new FintechRegistry();

        assertThat(registry.register("Kunshan Chain Data", " " + HUAWEI.toLowerCase() + " ",
                EnumSet.of(FintechSector.BLOCKCHAIN, FintechSector.DATA), KUNSHAN, DAY)).isEqualTo(RegistrationResult.OK);
        assertThat(registry.find(HUAWEI).name()).isEqualTo("Kunshan Chain Data");
    }

    @Test
    void rejectsDuplicatesAndInvalidInputWithClearResults() {
        final FintechRegistry registry = new FintechRegistry();
        registry.register("First", HUAWEI, Set.of(FintechSector.AI), KUNSHAN, DAY);

        assertThat(registry.register("Second", HUAWEI, Set.of(FintechSector.AI), KUNSHAN, DAY))
                .isEqualTo(RegistrationResult.DUPLICATE_CODE);
        assertThat(registry.register("Typo", "914403001922038217", Set.of(FintechSector.AI), KUNSHAN, DAY))
                .isEqualTo(RegistrationResult.CODE_CHECK_DIGIT_MISMATCH);
        assertThat(registry.register("Short", "9144", Set.of(FintechSector.AI), KUNSHAN, DAY))
                .isEqualTo(RegistrationResult.CODE_WRONG_LENGTH);
        assertThat(registry.register("Letter O", "91440300192203821O", Set.of(FintechSector.AI), KUNSHAN, DAY))
                .isEqualTo(RegistrationResult.CODE_INVALID_CHARACTER);
        assertThat(registry.register(" ", BEIJING, Set.of(FintechSector.AI), KUNSHAN, DAY))
                .isEqualTo(RegistrationResult.NAME_REQUIRED);
        assertThat(registry.register("No sector", BEIJING, Set.of(), KUNSHAN, DAY))
                .isEqualTo(RegistrationResult.SECTOR_REQUIRED);
        assertThat(registry.register("Bad district", BEIJING, Set.of(FintechSector.AI), 12, DAY))
                .isEqualTo(RegistrationResult.DISTRICT_INVALID);
        assertThat(registry.register("No date", BEIJING, Set.of(FintechSector.AI), KUNSHAN, null))
                .isEqualTo(RegistrationResult.DATE_REQUIRED);
        assertThat(registry.enterprises()).hasSize(1);
        assertThat(RegistrationResult.DUPLICATE_CODE.message()).contains("already registered");
    }

    @Test
    void countsBySectorAndDistrictAsOfADay() {
        final FintechRegistry registry = new FintechRegistry();
        final SplittableRandom random = new SplittableRandom(3);
        registry.register("A", randomValidCode(random), EnumSet.of(FintechSector.AI, FintechSector.MACHINE_LEARNING),
                KUNSHAN, DAY);
        registry.register("B", randomValidCode(random), EnumSet.of(FintechSector.AI), 320508, DAY.plusDays(1));
        registry.register("C", randomValidCode(random), EnumSet.of(FintechSector.CLOUD_COMPUTING), KUNSHAN,
                DAY.plusDays(10));
        final int day = (int) DAY.plusDays(1).toEpochDay();

        assertThat(registry.count(day)).isEqualTo(2);
        assertThat(registry.count(day + 9)).isEqualTo(3);
        assertThat(registry.bySector(day)).containsEntry(FintechSector.AI, 2L).containsEntry(FintechSector.MACHINE_LEARNING, 1L)
                .containsEntry(FintechSector.CLOUD_COMPUTING, 0L);
        assertThat(registry.byDistrict(day + 9)).containsEntry(KUNSHAN, 2L).containsEntry(320508, 1L);
    }

    @Test
    void aRegistryFileKeepsRegistrationsAcrossRestarts() {
        final Path file = temporary.resolve("kpi").resolve("fintech-registry.tsv");
        final FintechRegistry first = new FintechRegistry(file);
        first.register("Suzhou Cloud", HUAWEI, EnumSet.of(FintechSector.CLOUD_COMPUTING, FintechSector.AI), KUNSHAN, DAY);

        final FintechRegistry reopened = new FintechRegistry(file);

        assertThat(reopened.enterprises()).isEqualTo(first.enterprises());
        assertThat(reopened.register("Again", HUAWEI, Set.of(FintechSector.AI), KUNSHAN, DAY))
                .isEqualTo(RegistrationResult.DUPLICATE_CODE);
    }

    @Test
    void sectorsAreFoundByTheirNames() {
        assertThat(FintechSector.byName("cloud computing")).isEqualTo(FintechSector.CLOUD_COMPUTING);
        assertThat(FintechSector.byName("machine-learning")).isEqualTo(FintechSector.MACHINE_LEARNING);
        assertThat(FintechSector.byName("ai")).isEqualTo(FintechSector.AI);
        assertThat(FintechSector.byName("quantum")).isNull();
    }

    static String randomValidCode(final SplittableRandom random) {
        final StringBuilder code = new StringBuilder("91320583");
        while (code.length() < 17) {
            code.append(UnifiedSocialCreditCode.CHARACTERS.charAt(random.nextInt(31)));
        }
        return code.toString() + UnifiedSocialCreditCode.checkCharacter(code.toString());
    }
}
