package io.tracecheck.cli;

/**
 * A failure the user can act on, with its exit code: printed as one line on stderr. The cause,
 * when there is one, is printed (redacted) only with --verbose.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
