package io.tracecheck.cli;

import io.tracecheck.compose.ComposeEnvironment;
import io.tracecheck.compose.ComposeFile;
import io.tracecheck.core.ComposeProject;
import io.tracecheck.core.Fixes;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.KnownVariable.Group;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Settings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code --compose FILE --service NAME}: check what that docker-compose service's container would see. */
final class ComposeOptions {
    @Option(names = "--compose", paramLabel = "FILE", description = "A docker-compose file: check the environment of --service.")
    Path file;

    @Option(names = "--service", paramLabel = "NAME", description = "The compose service whose container environment to check.")
    String service;

    boolean active() {
        if ((file == null) != (service == null)) {
            throw new CliException(ExitCodes.USAGE, "--compose and --service go together");
        }
        return file != null;
    }

    /** The app context with the container's environment in place of the shell's (terminal settings kept). */
    AppContext apply(AppContext app) {
        ComposeEnvironment container = read(app);
        Map<String, String> env = new HashMap<>(container.variables());
        // the machine's own variables (terminal, HOME, workspace) stay unless the container sets them
        KnownVariable.subset(app.env(), Group.TERMINAL, Group.SYSTEM, Group.WORKSPACE).forEach(env::putIfAbsent);
        return new AppContext(env, app.redactor(), app.tty(), app.clock());
    }

    /** The references the current shell leaves unset: compose gives the container empty values for them. */
    List<Problem> problems(AppContext app) {
        ComposeEnvironment container = read(app);
        Fixes fixes = new Fixes(Settings.of(app.env()).withCompose(project(app)));
        return container.unsetReferences().stream().sorted().map(name -> Problem.warn(ProblemCode.CONFIG_MISSING,
                name + " is referenced in " + container.file() + " (service " + container.service() + ") but unset in this "
                        + "shell and in the project's .env: the container gets an empty value (a running container keeps "
                        + "the environment it started with)",
                fixes.composeReference(name))).toList();
    }

    /** The project of the file, checking the service's environment: what the fixes edit, what the diagnoses name. */
    ComposeProject project(AppContext app) {
        try {
            return ComposeFile.read(file, Optional.of(service), app.env());
        } catch (ComposeEnvironment.ComposeException e) {
            throw new CliException(ExitCodes.USAGE, "--compose " + e.getMessage(), e);
        }
    }

    /** The project when --compose is given, for {@link Invocation#start}. */
    Optional<ComposeProject> projectIfActive(AppContext app) {
        return active() ? Optional.of(project(app)) : Optional.empty();
    }

    private ComposeEnvironment read(AppContext app) {
        try {
            return ComposeEnvironment.read(file, service, app.env());
        } catch (ComposeEnvironment.ComposeException e) {
            throw new CliException(ExitCodes.USAGE, "--compose " + e.getMessage(), e);
        }
    }
}
