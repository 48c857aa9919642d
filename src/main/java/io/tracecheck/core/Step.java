package io.tracecheck.core;

import java.time.Duration;

/** One timed stage of a check (resolve, authenticate, send, verify…). */
public record Step(String name, Status status, Duration duration, String detail) {
}
