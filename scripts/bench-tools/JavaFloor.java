import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The floor under `tracecheck honeycomb` in scripts/bench: a JVM that does only the network part of
 * the check (Honeycomb's /1/auth with the key of OTEL_EXPORTER_OTLP_HEADERS, then one span as OTLP/HTTP
 * protobuf to OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces) with the JDK's own HTTP client, and nothing that
 * makes it a diagnosis: no command line, no settings, no redaction, no report. Run with its own
 * class-data archive and the launcher's flags, its time against the Node peer is what any JVM program
 * doing the same calls pays; whatever the check costs above it is the tool's own.
 */
public final class JavaFloor {
    public static void main(String[] args) throws IOException {
        String endpoint = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT");
        String headers = System.getenv("OTEL_EXPORTER_OTLP_HEADERS");
        if (endpoint == null || headers == null || !headers.contains("=")) {
            System.err.println("JavaFloor: set OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_EXPORTER_OTLP_HEADERS=x-honeycomb-team=KEY");
            System.exit(2);
        }
        String key = headers.substring(headers.indexOf('=') + 1).strip();
        String base = endpoint.replaceAll("/+$", "");
        String api = System.getenv().getOrDefault("HONEYCOMB_API_ENDPOINT", base).replaceAll("/+$", "");

        HttpURLConnection auth = (HttpURLConnection) URI.create(api + "/1/auth").toURL().openConnection();
        auth.setRequestProperty("X-Honeycomb-Team", key);
        int authStatus = drain(auth);

        HttpURLConnection export = (HttpURLConnection) URI.create(base + "/v1/traces").toURL().openConnection();
        export.setRequestMethod("POST");
        export.setDoOutput(true);
        export.setRequestProperty("Content-Type", "application/x-protobuf");
        export.setRequestProperty("X-Honeycomb-Team", key);
        byte[] body = oneSpan();
        export.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = export.getOutputStream()) {
            out.write(body);
        }
        int exportStatus = drain(export);
        System.out.println("auth " + authStatus + ", export " + exportStatus);
        System.exit(authStatus == 200 && exportStatus == 200 ? 0 : 1);
    }

    private static int drain(HttpURLConnection connection) throws IOException {
        int status = connection.getResponseCode();
        InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        if (body != null) {
            try (body) {
                body.readAllBytes();
            }
        }
        return status;
    }

    /** ExportTraceServiceRequest { resource_spans { resource { service.name }, scope_spans { span } } }. */
    private static byte[] oneSpan() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] traceId = new byte[16];
        byte[] spanId = new byte[8];
        random.nextBytes(traceId);
        random.nextBytes(spanId);
        long now = System.currentTimeMillis() * 1_000_000L;
        byte[] span = concat(bytes(1, traceId), bytes(2, spanId), bytes(5, "java floor".getBytes(StandardCharsets.UTF_8)),
                new byte[] {0x30, 0x01}, fixed64(7, now), fixed64(8, now + 1_000_000L));
        byte[] serviceName = concat(bytes(1, "service.name".getBytes(StandardCharsets.UTF_8)),
                bytes(2, bytes(1, "bench-app".getBytes(StandardCharsets.UTF_8))));
        byte[] resource = bytes(1, serviceName);
        byte[] scopeSpans = bytes(2, span);
        return bytes(1, concat(bytes(1, resource), bytes(2, scopeSpans)));
    }

    private static byte[] bytes(int field, byte[] value) {
        byte[] tag = varint((field << 3) | 2);
        byte[] length = varint(value.length);
        return concat(tag, length, value);
    }

    private static byte[] fixed64(int field, long value) {
        byte[] out = new byte[9];
        out[0] = (byte) ((field << 3) | 1);
        for (int i = 0; i < 8; i++) {
            out[1 + i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    private static byte[] varint(int value) {
        byte[] out = new byte[5];
        int n = 0;
        while ((value & ~0x7f) != 0) {
            out[n++] = (byte) ((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out[n++] = (byte) value;
        return java.util.Arrays.copyOf(out, n);
    }

    private static byte[] concat(byte[]... parts) {
        int size = 0;
        for (byte[] part : parts) {
            size += part.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
