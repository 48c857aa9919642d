package io.tracecheck.cli;

import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every subcommand, in help order. Building picocli's model of a command costs reflection on
 * startup, so a run that names its subcommand registers only that one; help, a typo or no
 * subcommand at all register them all, for the full usage and picocli's suggestions.
 */
public final class Subcommands {
    private static final Map<String, Supplier<Object>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("env", EnvCommand::new);
        ALL.put("doctor", DoctorCommand::new);
        ALL.put("honeycomb", HoneycombCommand::new);
        ALL.put("xray", XrayCommand::new);
        ALL.put("logs", LogsCommand::new);
        ALL.put("rollbar", RollbarCommand::new);
        ALL.put("traces", TracesCommand::new);
        ALL.put("listen", ListenCommand::new);
        ALL.put("explain", ExplainCommand::new);
        ALL.put("completion", CompletionCommand::new);
        ALL.put("shell", ShellCommand::new);
        ALL.put("cds-training", TrainingCommand::new);
    }

    private Subcommands() {
    }

    /** Registers all subcommands, or only {@code only} when it names one. */
    public static void register(CommandLine root, String only) {
        for (Map.Entry<String, Supplier<Object>> entry : ALL.entrySet()) {
            if (only == null || only.equals(entry.getKey())) {
                root.addSubcommand(entry.getKey(), entry.getValue().get());
            }
        }
    }

    /** The subcommand the arguments name (the first argument that is one), or null. */
    public static String namedIn(String[] args) {
        Set<String> names = ALL.keySet();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h") || arg.equals("--version") || arg.equals("-V")) {
                return null;
            }
            if (names.contains(arg)) {
                return arg;
            }
        }
        return null;
    }
}
