package io.tracecheck.cli;

import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Settings;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Interactive shell with history and tab completion.",
                "Runs tracecheck commands one after another in one JVM; history in ~/.tracecheck_history."})
final class ShellCommand implements Callable<Integer> {
    @ParentCommand
    TracecheckCommand root;

    @Override
    public Integer call() {
        AppContext app = root.context();
        Path history = Path.of(Settings.of(app.env()).text(KnownVariable.HOME).orElse(System.getProperty("user.home")),
                ".tracecheck_history");
        // no JNI provider: it copies a native library into /tmp under a new name each run, and a killed
        // shell leaves it there; on Java 17 the exec provider (stty) does the same job, on 22+ FFM
        try (Terminal terminal = TerminalBuilder.builder().system(true).jni(false).dumb(true).build()) {
            return new Shell(terminal, app.env(), history).run();
        } catch (IOException e) {
            throw new CliException(ExitCodes.INTERNAL, "cannot open the terminal: " + e.getMessage(), e);
        }
    }
}
