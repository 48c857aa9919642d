package io.tracecheck.listen.honeycomb;

import io.tracecheck.grpc.GrpcCode;
import io.tracecheck.listen.otlp.Destination;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Honeycomb's rules for OTLP ingest, applied whenever an {@code x-honeycomb-team} header is
 * present: the key must be known and allowed to send events, a Classic key needs
 * {@code x-honeycomb-dataset}, an environment key writes to the dataset named after service.name.
 * Without the header the backend accepts data as a plain collector, unless told to require it.
 */
public final class HoneycombGate {
    public static final String UNKNOWN_KEY = "unknown API key - check your credentials, region, and API URL";
    /** Why listen does not know a key an app sends, for the live view (never the key itself). */
    public static final String UNKNOWN_KEY_CAUSE = "listen accepts only the keys its banner lists (its own test keys, or "
            + "those given with --honeycomb-key), and the key sent is not one of them: an app still configured with "
            + "another key (OTEL_EXPORTER_OTLP_HEADERS, HONEYCOMB_API_KEY), or a key cut short";

    private final List<AcceptedKey> keys;
    private final boolean requireAuth;

    public HoneycombGate(List<AcceptedKey> keys, boolean requireAuth) {
        this.keys = List.copyOf(keys);
        this.requireAuth = requireAuth;
    }

    public Optional<AcceptedKey> find(String key) {
        return keys.stream().filter(k -> k.key().equals(key)).findFirst();
    }

    /** The decision for one export, from its headers (case-insensitive lookup). */
    public Decision decide(Function<String, Optional<String>> header) {
        Optional<String> team = header.apply("x-honeycomb-team").filter(t -> !t.isBlank());
        if (team.isEmpty()) {
            return requireAuth ? Decision.reject(401, GrpcCode.UNAUTHENTICATED, "missing 'x-honeycomb-team' header",
                    "listen runs with --require-honeycomb-auth and the export has no x-honeycomb-team header: add "
                            + "x-honeycomb-team=<key> to OTEL_EXPORTER_OTLP_HEADERS")
                    : Decision.accept(Destination.PLAIN);
        }
        Optional<AcceptedKey> key = find(team.get());
        if (key.isEmpty()) {
            return Decision.reject(401, GrpcCode.UNAUTHENTICATED, UNKNOWN_KEY, UNKNOWN_KEY_CAUSE);
        }
        if (!key.get().can("events")) {
            return Decision.reject(403, GrpcCode.PERMISSION_DENIED, "API key does not have permission to send events",
                    "the key in x-honeycomb-team lacks the Send Events permission: send with an ingest key");
        }
        if (key.get().classic()) {
            Optional<String> dataset = header.apply("x-honeycomb-dataset").filter(d -> !d.isBlank());
            return dataset.map(d -> Decision.accept(new Destination(key.get().environmentSlug(), d.strip())))
                    .orElseGet(() -> Decision.reject(401, GrpcCode.UNAUTHENTICATED, "missing 'x-honeycomb-dataset' header",
                            "a Classic key writes to the dataset its x-honeycomb-dataset header names: add "
                                    + "x-honeycomb-dataset=<dataset> to OTEL_EXPORTER_OTLP_HEADERS"));
        }
        return Decision.accept(new Destination(key.get().environmentSlug(), null));
    }

    /**
     * Accept with a destination, or reject with the HTTP status, the gRPC status, Honeycomb's message
     * and, for the live view, the likely cause in words.
     */
    public record Decision(Destination destination, int httpStatus, GrpcCode grpcStatus, String message, String cause) {
        static Decision accept(Destination destination) {
            return new Decision(destination, 200, GrpcCode.OK, "", "");
        }

        static Decision reject(int httpStatus, GrpcCode grpcStatus, String message, String cause) {
            return new Decision(null, httpStatus, grpcStatus, message, cause);
        }

        public boolean accepted() {
            return destination != null;
        }
    }
}
