package io.tracecheck.http;

import java.net.ProtocolException;

/**
 * The server answered in the other HTTP version than the call spoke: HTTP/1.1 to the HTTP/2
 * preface of a gRPC call, or HTTP/2 frames to an HTTP/1.1 request. Said apart from other protocol
 * errors because it has one cause, a port of the other OTLP transport, and one fix.
 */
public final class ProtocolMismatch extends ProtocolException {
    /** What the server's answer was written in. */
    public enum Spoken {
        HTTP_1_1("HTTP/1.1"), HTTP_2("HTTP/2");

        private final String label;

        Spoken(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Spoken spoken;
    private final String evidence;

    ProtocolMismatch(Spoken spoken, String evidence) {
        super("the server answered in " + spoken.label() + ": " + evidence);
        this.spoken = spoken;
        this.evidence = evidence;
    }

    public Spoken spoken() {
        return spoken;
    }

    /** What showed it, in words: "an HTTP/1.1 400 to the HTTP/2 preface", "an HTTP/2 GOAWAY frame". */
    public String evidence() {
        return evidence;
    }
}
