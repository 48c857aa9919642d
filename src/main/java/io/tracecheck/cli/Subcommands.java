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

    static {
        ALL.put("env", EnvCommand::new);
        ALL.put("doctor", DoctorCommand::new);
        ALL.put(HoneycombCheck.NAME, HoneycombCommand::new);
        ALL.put(XrayCheck.NAME, XrayCommand::new);
        ALL.put(LogsCheck.NAME, LogsCommand::new);
        ALL.put(RollbarCheck.NAME, RollbarCommand::new);
        ALL.put("traces", TracesCommand::new);
        ALL.put("trace", TraceCommand::new);
        ALL.put(PropagationCheck.NAME, PropagationCommand::new);
        ALL.put("listen", ListenCommand::new);
        ALL.put("explain", ExplainCommand::new);
        ALL.put("completion", CompletionCommand::new);
        ALL.put("shell", ShellCommand::new);
        ALL.put("cds-training", TrainingCommand::new);
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
     * Starts loading, on another core, the SDK the named command's checks will use first, while
     * this thread builds the command model and reads the settings (see {@link Preparation}).
     */
    static void prepare(String named, String[] args) {
        if (named == null) {
            return;
        }
        switch (named) {
            // only --local runs every check for sure; doctor elsewhere skips what is not configured, and would wait for it
            case "doctor" -> {
                if (java.util.Arrays.asList(args).contains("--local")) {
                    Preparation.start(named, Backends::prepareClasses);
                }
            }
            case HoneycombCheck.NAME -> Preparation.start(named, Backends::prepareProbe);
            case XrayCheck.NAME -> Preparation.start(named, () -> Backends.prepareAws(AwsService.xray()));
            case LogsCheck.NAME -> Preparation.start(named, () -> Backends.prepareAws(AwsService.logs()));
            default -> {
            }
        }
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
