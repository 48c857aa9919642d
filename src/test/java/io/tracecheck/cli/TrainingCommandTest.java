package io.tracecheck.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingCommandTest {
    @Test
    void theLauncherGivesAnArchiveOfTheirOwnToExactlyTheCommandsThatHaveAWorkload() throws Exception {
        String launcher = Files.readString(Path.of("scripts/tracecheck"));
        Matcher own = Pattern.compile("\\n\\s*([a-z|]+)\\) key=\"\\$1\" ;;").matcher(launcher);
        assertThat(own.find()).as("the launcher's case of commands with an archive of their own").isTrue();
        List<String> names = Arrays.asList(own.group(1).split("\\|"));
        assertThat(names).containsExactlyInAnyOrderElementsOf(TrainingCommand.OWN_ARCHIVE.keySet());
    }

    @Test
    void everyWorkloadRunsItsOwnCommandAndIsAValidCommandLine() {
        TrainingCommand.OWN_ARCHIVE.forEach((name, workload) -> {
            assertThat(workload).isNotEmpty().allSatisfy(args -> assertThat(args.get(0)).isEqualTo(name));
            for (List<String> args : workload) {
                // parsed by the real command line: a misspelt option would only show as a useless archive
                picocli.CommandLine line = CommandLines.create(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                        new java.io.PrintWriter(java.io.Writer.nullWriter()), java.util.Map.of(), false,
                        args.toArray(String[]::new));
                line.parseArgs(args.toArray(String[]::new));
            }
        });
    }
}
