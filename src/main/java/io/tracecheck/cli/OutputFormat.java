package io.tracecheck.cli;

/** {@code -o text|json}. */
public enum OutputFormat { text, json }
