package io.tracecheck.cli;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import picocli.shell.jline3.PicocliJLineCompleter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * The history file, readable by its owner only, created so before JLine writes a line to it
     * (its directory too, when that is new); an existing file is tightened the same way.
     */
    static void ownerOnly(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        boolean posix = absolute.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!posix) {
            return;
        }
        Path directory = absolute.getParent();
        if (directory != null && !Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            Files.setPosixFilePermissions(absolute, ownerOnly);
        } else {
            Files.createFile(absolute, PosixFilePermissions.asFileAttribute(ownerOnly));
        }
    }

    /** A history that keeps each line with its keys and tokens masked: in memory, and so in the file. */
    static final class MaskedHistory extends DefaultHistory {
        @Override
        protected void internalAdd(Instant time, String line, boolean checkDuplicates) {
            super.internalAdd(time, masked(line), checkDuplicates);
        }

        static String masked(String line) {
            List<String> words;
            try {
                words = new DefaultParser().parse(line, line.length()).words();
            } catch (RuntimeException unbalanced) {
                // an open quote: the words as the whitespace splits them are enough to find a key
                words = List.of(line.strip().split("\\s+"));
            }
            return SecretArguments.mask(line, words);
        }
    }

    /** The completer for a full command line (every subcommand, option and candidate value). */
    static PicocliJLineCompleter completer(Map<String, String> env) {
        return new PicocliJLineCompleter(CommandLines.full(env).getCommandSpec());
    }

    int run() {
        PrintWriter out = terminal.writer();
        LineReaderBuilder builder = LineReaderBuilder.builder().terminal(terminal).appName("tracecheck")
                .completer(completer(env)).parser(new DefaultParser()).history(new MaskedHistory());
        try {
            ownerOnly(history);
            builder.variable(LineReader.HISTORY_FILE, history);
        } catch (IOException | UnsupportedOperationException | SecurityException notPrivate) {
            // a history others could read is worse than none
            out.println("(history not kept: " + history + " cannot be made private: " + notPrivate.getMessage() + ")");
        }
        LineReader reader = builder.build();
        reader.getHistory().attach(reader); // loads the file now, as the first readLine would
        try {
            // JLine rewrites a file it could not read in full (a plain list of commands) as a new file
            ownerOnly(history);
        } catch (IOException | UnsupportedOperationException | SecurityException ignored) {
            // already reported above, and history is off then
        }
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
            int exit = CommandLines.executeGuarded(CommandLines.create(out, out, env, true, args), args);
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
