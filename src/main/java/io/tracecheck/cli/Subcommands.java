package io.tracecheck.cli;

import io.tracecheck.aws.AwsService;
import io.tracecheck.core.Preparation;
import io.tracecheck.cwlogs.LogsCheck;
import io.tracecheck.honeycomb.HoneycombCheck;
import io.tracecheck.propagation.PropagationCheck;
import io.tracecheck.registry.Backends;
import io.tracecheck.rollbar.RollbarCheck;
import io.tracecheck.xray.XrayCheck;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every subcommand, in help order; a backend's own command is named as its check. Building
 * picocli's model of a command costs reflection on startup, so a run that names its subcommand
 * registers only that one; help, a typo or no subcommand at all register them all, for the full
 * usage and picocli's suggestions.
 */
final class Subcommands {
    private static final Map<String, Supplier<Object>> ALL = new LinkedHashMap<>();
    private static final Map<String, Class<?>> TYPES = new LinkedHashMap<>();

    static {
        add("env", EnvCommand.class, EnvCommand::new);
        add("doctor", DoctorCommand.class, DoctorCommand::new);
        add(HoneycombCheck.NAME, HoneycombCommand.class, HoneycombCommand::new);
        add(XrayCheck.NAME, XrayCommand.class, XrayCommand::new);
        add(LogsCheck.NAME, LogsCommand.class, LogsCommand::new);
        add(RollbarCheck.NAME, RollbarCommand.class, RollbarCommand::new);
        add("traces", TracesCommand.class, TracesCommand::new);
        add("trace", TraceCommand.class, TraceCommand::new);
        add(PropagationCheck.NAME, PropagationCommand.class, PropagationCommand::new);
        add("listen", ListenCommand.class, ListenCommand::new);
        add("explain", ExplainCommand.class, ExplainCommand::new);
        add("completion", CompletionCommand.class, CompletionCommand::new);
        add("shell", ShellCommand.class, ShellCommand::new);
        add("cds-training", TrainingCommand.class, TrainingCommand::new);
    }

    private static <T> void add(String name, Class<T> type, Supplier<T> create) {
        ALL.put(name, create::get);
        TYPES.put(name, type);
    }

    private Subcommands() {
    }

    /** Registers all subcommands, or only {@code only} when it names one. */
    static void register(CommandLine root, String only) {
        for (Map.Entry<String, Supplier<Object>> entry : ALL.entrySet()) {
            if (only == null || only.equals(entry.getKey())) {
                root.addSubcommand(entry.getKey(), entry.getValue().get());
            }
        }
    }

    /**
     * Starts loading, on another core, the SDK the named command's check will use first, while
     * this thread builds the command model and reads the settings (see {@link Preparation}).
     * doctor prepares nothing: elsewhere it skips what is not configured and would only wait, and
     * with --local the other core is busy enough (the model, then the backends' server and five checks
     * at once: measured no faster with the preparation, and 20 ms more CPU).
     */
    static void prepare(String named) {
        if (named == null) {
            return;
        }
        switch (named) {
            case XrayCheck.NAME -> Preparation.start(named, () -> Backends.prepareAws(AwsService.xray()));
            case LogsCheck.NAME -> Preparation.start(named, () -> Backends.prepareAws(AwsService.logs()));
            default -> {
            }
        }
    }

    /**
     * The class of the subcommand the arguments most likely name (the first word that is a subcommand's
     * name), known before the root's model exists; null when none. Only a guess for reading ahead: a
     * wrong one costs a little time, never a different command.
     */
    static Class<?> likelyNamedIn(String[] args) {
        for (String arg : args) {
            Class<?> type = TYPES.get(arg);
            if (type != null) {
                return type;
            }
        }
        return null;
    }

    /**
     * The subcommand the arguments name, or null: the first argument that is a subcommand's name
     * and not the value of a root option ({@code --env-file env doctor} names doctor).
     */
    static String namedIn(CommandSpec root, String[] args) {
        Set<String> names = ALL.keySet();
        for (int i = 0; i < args.length; i++) {
            OptionSpec option = option(root, args[i]);
            if (option != null && (option.usageHelp() || option.versionHelp())) {
                return null;
            }
            if (option != null && option.arity().max() > 0 && !args[i].contains("=")) {
                i++;
            } else if (names.contains(args[i])) {
                return args[i];
            }
        }
        return null;
    }

    /** The root option an argument is, or ends with in a cluster of short options ({@code -vo FILE}). */
    private static OptionSpec option(CommandSpec root, String arg) {
        if (!arg.startsWith("-") || arg.length() < 2) {
            return null;
        }
        String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
        OptionSpec option = root.findOption(name);
        if (option == null && !arg.startsWith("--") && !arg.contains("=") && arg.length() > 2) {
            option = root.findOption("-" + arg.charAt(arg.length() - 1));
        }
        return option;
    }
}
