package io.tracecheck.cli;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import picocli.shell.jline3.PicocliJLineCompleter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The interactive shell: a JLine line reader with history and tab completion of commands, options
 * and option values (backends, problem codes, protocols, sources), running each line as the same
 * tracecheck command, in process.
 */
final class Shell {
    static final String PROMPT = "tracecheck> ";

    private final Terminal terminal;
    private final Map<String, String> env;
    private final Path history;

    Shell(Terminal terminal, Map<String, String> env, Path history) {
        this.terminal = terminal;
        this.env = env;
        this.history = history;
    }

    /** The completer for a full command line (every subcommand, option and candidate value). */
    static PicocliJLineCompleter completer(Map<String, String> env) {
        return new PicocliJLineCompleter(CommandLines.full(env).getCommandSpec());
    }

    int run() {
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("tracecheck")
                .completer(completer(env)).parser(new DefaultParser())
                .variable(LineReader.HISTORY_FILE, history).build();
        PrintWriter out = terminal.writer();
        out.println("tracecheck shell: any tracecheck command (env, doctor --local, explain --list…), Tab completes, "
                + "exit or Ctrl-D to leave.");
        out.flush();
        while (true) {
            String line;
            try {
                line = reader.readLine(PROMPT);
            } catch (UserInterruptException interrupted) {
                continue;
            } catch (EndOfFileException end) {
                break;
            }
            List<String> words = reader.getParsedLine() == null ? List.of() : reader.getParsedLine().words().stream()
                    .filter(w -> !w.isEmpty()).toList();
            if (words.isEmpty()) {
                continue;
            }
            if (words.get(0).equals("exit") || words.get(0).equals("quit")) {
                break;
            }
            if (words.get(0).equals("shell")) {
                out.println("already in the shell");
                continue;
            }
            String[] args = words.toArray(String[]::new);
            int exit = CommandLines.create(out, out, env, true, args).execute(args);
            if (exit != 0) {
                out.println("(exit " + exit + ")");
            }
            out.flush();
        }
        try {
            reader.getHistory().save();
        } catch (IOException unsaved) {
            out.println("(history not saved: " + unsaved.getMessage() + ")");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
