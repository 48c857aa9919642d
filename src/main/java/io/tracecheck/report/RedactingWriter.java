package io.tracecheck.report;

import io.tracecheck.core.Redactor;

import java.io.IOException;
import java.io.Writer;

/** Passes every chunk of output through the {@link Redactor} before it reaches the terminal. */
public final class RedactingWriter extends Writer {
    private final Writer target;
    private final Redactor redactor;

    public RedactingWriter(Writer target, Redactor redactor) {
        this.target = target;
        this.redactor = redactor;
    }

    @Override
    public void write(char[] buffer, int offset, int length) throws IOException {
        write(new String(buffer, offset, length));
    }

    @Override
    public void write(String text) throws IOException {
        target.write(redactor.redact(text));
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        write(text.substring(offset, offset + length));
    }

    @Override
    public void flush() throws IOException {
        target.flush();
    }

    @Override
    public void close() throws IOException {
        target.close();
    }
}
