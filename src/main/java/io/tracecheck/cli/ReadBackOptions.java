package io.tracecheck.cli;

import io.tracecheck.core.ReadBack;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code --verify} and {@code --verify-timeout}, the same for every check and for doctor. */
final class ReadBackOptions {
    @Option(names = "--verify", description = "Read the probe back from the backend, where the backend allows it.")
    boolean verify;

    @Option(names = "--verify-timeout", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long the read-back may look for the probe (default: ${DEFAULT-VALUE}).")
    Duration timeout = ReadBack.DEFAULT_TIMEOUT;

    ReadBack readBack() {
        return new ReadBack(verify, timeout);
    }
}
