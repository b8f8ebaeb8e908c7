package org.tongbao.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine is a pure, deterministic state machine (STYLE.md): it depends on nothing but the JDK
 * and itself, and never reads the clock, randomness, the environment or files.
 */
class EngineArchitectureTest {
    private static final String ENGINE = "org.tongbao.engine..";
    private static final Set<String> NONDETERMINISTIC_SYSTEM_METHODS = Set.of("currentTimeMillis", "nanoTime", "getenv",
            "getProperty", "getProperties", "getLogger");

    private static JavaClasses engine;

    @BeforeAll
    static void importEngineClasses() {
        engine = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.tongbao.engine");
    }

    private static DescribedPredicate<JavaMethodCall> systemMethodThatReadsTheOutsideWorld() {
        return DescribedPredicate.describe("System." + NONDETERMINISTIC_SYSTEM_METHODS,
                call -> call.getTargetOwner().isEquivalentTo(System.class)
                        && NONDETERMINISTIC_SYSTEM_METHODS.contains(call.getName()));
    }

    private static DescribedPredicate<JavaMethodCall> nowOfAnyJavaTimeClass() {
        return DescribedPredicate.describe("java.time *.now()",
                call -> call.getTargetOwner().getPackageName().equals("java.time") && call.getName().equals("now"));
    }

    @Test
    void importsTheEngine() {
        assertThat(engine.contain(Ledger.class)).isTrue();
    }

    @Test
    void engineDependsOnNothingButTheJdk() {
        classes().that().resideInAPackage(ENGINE)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", ENGINE)
                .check(engine);
    }

    @Test
    void engineNeverReadsTheClockRandomnessTheEnvironmentOrFiles() {
        noClasses().that().resideInAPackage(ENGINE)
                .should().dependOnClassesThat().belongToAnyOf(Clock.class, InstantSource.class, Random.class,
                        ThreadLocalRandom.class, SecureRandom.class, RandomGenerator.class)
                .orShould().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio.file..", "java.net..")
                .orShould().callMethodWhere(nowOfAnyJavaTimeClass())
                .orShould().callMethodWhere(systemMethodThatReadsTheOutsideWorld())
                .check(engine);
    }
}
