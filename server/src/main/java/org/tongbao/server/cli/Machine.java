package org.tongbao.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** One line naming the machine a benchmark ran on, so figures travel with their context. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        final Runtime runtime = Runtime.getRuntime();
        return String.format("machine: %s, %d cores, max heap %,d MB, Java %s (%s), %s %s",
                cpuModel(), runtime.availableProcessors(), runtime.maxMemory() >> 20,
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    private static String cpuModel() {
        final Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return "unknown CPU";
        }
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (final java.io.IOException e) {
            return "unknown CPU";
        }
    }
}
