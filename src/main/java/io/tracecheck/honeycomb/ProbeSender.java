package io.tracecheck.honeycomb;

import io.tracecheck.network.CallAnswers;
import io.tracecheck.core.Fixes;
import io.tracecheck.core.ForeignAnswer;
import io.tracecheck.core.KnownVariable;
import io.tracecheck.core.Deadline;
import io.tracecheck.core.NetworkFailures;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;
import io.tracecheck.core.Settings;
import io.tracecheck.grpc.GrpcCode;
import io.tracecheck.grpc.GrpcWire;
import io.tracecheck.http.HttpAnswer;
import io.tracecheck.http.HttpCalls;
import io.tracecheck.http.ProtocolMismatch;
import io.tracecheck.otlp.PartialSuccess;
import io.tracecheck.otlp.ProbeTrace;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends the probe the way the app is configured to (OTLP over http/protobuf, http/json or gRPC, to
 * the resolved URL with the app's headers) and reads the answer into problems.
 */
final class ProbeSender {
    static final String GRPC_EXPORT = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

    private final HttpCalls http;
    private final Deadline deadline;
    private final Settings settings;

    /** {@code settings}: which variables set the protocol and endpoint, for the fix of a protocol mismatch. */
    ProbeSender(HttpCalls http, Deadline deadline, Settings settings) {
        this.http = http;
        this.deadline = deadline;
        this.settings = settings;
    }

    /** What the send found: problems (none on success) and a line for the report. */
    record Outcome(List<Problem> problems, String detail) {
    }

    Outcome send(ProbeTrace probe, URI url, OtlpProtocol protocol, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        // the OTLP exporter's own product token, with the version of the SDK that made the probe
        all.put("User-Agent", "tracecheck OTel-OTLP-Exporter-Java/" + probe.sdkVersion());
        try {
            return switch (protocol) {
                case HTTP_PROTOBUF -> readHttp(http.post(url, all, "application/x-protobuf", probe.protobuf()), url, probe);
                case HTTP_JSON -> readHttp(http.post(url, all, "application/json", probe.json()), url, probe);
                case GRPC -> readGrpc(http.grpc(grpcUrl(url), all, GrpcWire.frame(probe.protobuf())), url, probe);
            };
        } catch (ProtocolMismatch e) {
            return new Outcome(List.of(mismatch(e.spoken() == ProtocolMismatch.Spoken.HTTP_2, e.evidence(), url, protocol)),
                    "not delivered: the port speaks " + e.spoken().label());
        } catch (IOException e) {
            Problem failure = CallAnswers.network(e, url, deadline, settings);
            if (protocol == OtlpProtocol.GRPC && failure.code() == ProblemCode.NET_CLOSED) {
                // a port that speaks only HTTP/1.1 may hang up on the HTTP/2 preface instead of answering it
                failure = new Problem(failure.code(), failure.severity(), failure.message() + "; a port that speaks only "
                        + "HTTP/1.1 (OTLP/HTTP, usually 4318) hangs up on a gRPC call this way",
                        failure.fix() + "; or, for an OTLP/HTTP port: " + new Fixes(settings)
                                .set(KnownVariable.OTEL_EXPORTER_OTLP_PROTOCOL.name(), OtlpProtocol.HTTP_PROTOBUF.id()),
                        failure.headline());
            }
            return new Outcome(List.of(failure), "not delivered");
        }
    }

    /**
     * The port speaks the other OTLP transport: it answered in the other HTTP version, or (for a gRPC call) in
     * HTTP/2 as a plain HTTP server does, without gRPC. Names what it speaks and the protocol that fits it.
     */
    private Problem mismatch(boolean speaksGrpc, String evidence, URI url, OtlpProtocol protocol) {
        OtlpProtocol fitting = speaksGrpc ? OtlpProtocol.GRPC : OtlpProtocol.HTTP_PROTOBUF;
        KnownVariable protocolVariable = settings.isSet(KnownVariable.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL)
                ? KnownVariable.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL : KnownVariable.OTEL_EXPORTER_OTLP_PROTOCOL;
        String address = url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
        String speaks = fitting == OtlpProtocol.GRPC ? "OTLP/gRPC (HTTP/2)"
                : evidence.contains("HTTP/2 preface") ? "OTLP/HTTP (HTTP/1.1)" : "OTLP/HTTP (HTTP/2 without gRPC)";
        Map<String, String> values = new LinkedHashMap<>();
        values.put(protocolVariable.name(), fitting.id());
        // the traces endpoint is used as it is: over HTTP it needs the /v1/traces the gRPC exporter never sends
        String path = url.getPath() == null ? "" : url.getPath();
        if (fitting.http() && settings.isSet(KnownVariable.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) && !path.endsWith("/v1/traces")) {
            values.put(KnownVariable.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT.name(), url.getScheme() + "://"
                    + url.getRawAuthority() + path.replaceAll("/+$", "") + "/v1/traces");
        }
        String fix = new Fixes(settings).set(values);
        return Problem.of(ProblemCode.HONEYCOMB_PROTOCOL_MISMATCH, address + " speaks " + speaks + ", not " + protocol.id()
                        + ": it answered " + evidence + "; set the protocol to " + fitting.id()
                        + ", or point the endpoint at the collector's " + protocol.id() + " port (usually "
                        + protocol.collectorPort() + ")",
                fix).headed(address + " speaks " + (fitting == OtlpProtocol.GRPC ? "OTLP/gRPC" : "OTLP/HTTP") + ", not "
                + protocol.id());
    }

    /** Who should have answered, for a message: Honeycomb itself, or the collector the app exports to. */
    private static String receiver(URI url) {
        return HoneycombRegion.of(url).isHoneycomb() ? "Honeycomb" : "the OTLP receiver at " + url.getHost()
                + (url.getPort() > 0 ? ":" + url.getPort() : "");
    }

    static URI grpcUrl(URI endpoint) {
        return URI.create(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + GRPC_EXPORT);
    }

    private Outcome readHttp(HttpAnswer answer, URI url, ProbeTrace probe) {
        int status = answer.status();
        Optional<Problem> foreign = CallAnswers.foreign(answer, url, receiver(url), Optional.empty(), settings);
        if (foreign.isPresent()) {
            return new Outcome(List.of(foreign.get()), "not the OTLP endpoint's answer: " + status);
        }
        // an OTLP/HTTP server answers in the request's encoding; anything else came from something else
        if (status == 200 && !answer.contentType().contains("protobuf") && !answer.contentType().contains("json")) {
            return new Outcome(List.of(ForeignAnswer.unreadable(CallAnswers.seen(answer), CallAnswers.asked(receiver(url),
                    url, Optional.empty(), settings), "an OTLP response (application/x-protobuf or application/json)")),
                    "not the OTLP endpoint's answer: " + status);
        }
        if (status == 200) {
            return partialSuccess(answer.header("Content-Type").orElse("").contains("json")
                    ? PartialSuccess.fromJson(answer.body()) : PartialSuccess.fromProtobuf(answer.body()), url, probe);
        }
        String message = errorMessage(answer);
        Problem problem = switch (status) {
            case 401 -> unauthorized(message, url);
            case 403 -> Problem.of(ProblemCode.HONEYCOMB_KEY_PERMISSION,
                    url.getHost() + " refused the probe: 403 " + message,
                    "Use an Ingest key, or a Configuration key with the \"Send Events\" permission.");
            case 404, 405 -> wrongPath(url, status, message);
            case 413 -> Problem.of(ProblemCode.HTTP_UNEXPECTED, url.getHost() + " refused the probe as too large (413"
                    + NetworkFailures.excerpt(message) + ")", "curl -sS -i " + Fixes.quote(url.toString()) + "  # shows who "
                    + "answers: the probe is a few kilobytes, so a proxy with a small body limit sits in front of the endpoint");
            default -> NetworkFailures.ofStatus(status, answer.header("Retry-After"), message, url);
        };
        return new Outcome(List.of(problem), "refused: " + status);
    }

    private Outcome readGrpc(HttpAnswer answer, URI url, ProbeTrace probe) {
        Optional<Problem> foreign = CallAnswers.foreign(answer, url, receiver(url), Optional.empty(), settings);
        if (foreign.isPresent()) {
            return new Outcome(List.of(foreign.get()), "not the OTLP endpoint's answer: HTTP " + answer.status());
        }
        if (!answer.contentType().startsWith("application/grpc") && answer.header("grpc-status").isEmpty()
                && answer.status() / 100 == 4) {
            // an HTTP server that also speaks HTTP/2 (h2c), as a collector's OTLP/HTTP receiver does: no gRPC in its answer
            return new Outcome(List.of(mismatch(false, "HTTP " + answer.status() + (answer.contentType().isEmpty() ? ""
                    : " (" + answer.contentType() + ")") + " to the gRPC call, without a grpc-status", url, OtlpProtocol.GRPC)),
                    "not delivered: the port speaks HTTP, not gRPC");
        }
        if (answer.status() != 200) {
            return new Outcome(List.of(answer.status() == 404 || answer.status() == 415 ? wrongPath(url, answer.status(), "")
                    : NetworkFailures.ofStatus(answer.status(), answer.header("Retry-After"), answer.text(), url)),
                    "refused: HTTP " + answer.status());
        }
        String status = answer.header("grpc-status").orElse("");
        Optional<GrpcCode> code = GrpcCode.parse(status);
        String message = GrpcWire.decodeMessage(answer.header("grpc-message").orElse(""));
        if (code.equals(Optional.of(GrpcCode.OK))) {
            byte[] response;
            try {
                response = GrpcWire.unframe(answer.body()).message();
            } catch (IllegalArgumentException incomplete) {
                response = new byte[0]; // no readable message: nothing was reported rejected
            }
            return partialSuccess(PartialSuccess.fromProtobuf(response), url, probe);
        }
        if (code.equals(Optional.of(GrpcCode.UNIMPLEMENTED))) {
            // every OTLP/gRPC receiver implements the trace service's Export: a port that does not is another receiver's
            Problem mismatch = mismatch(false, "UNIMPLEMENTED to OTLP's TraceService/Export"
                    + (message.isBlank() ? "" : " (\"" + message + "\")"), url, OtlpProtocol.GRPC);
            return new Outcome(List.of(mismatch), "refused: grpc-status 12 UNIMPLEMENTED");
        }
        Problem problem = code.map(c -> switch (c) {
            case UNAUTHENTICATED -> unauthorized(message, url);
            case PERMISSION_DENIED -> Problem.of(ProblemCode.HONEYCOMB_KEY_PERMISSION, url.getHost() + " refused the probe: "
                    + "PERMISSION_DENIED " + message, "Use an Ingest key, or a Configuration key with \"Send Events\".");
            case UNIMPLEMENTED -> wrongPath(url, 0, "UNIMPLEMENTED " + message);
            case RESOURCE_EXHAUSTED -> Problem.of(ProblemCode.HTTP_RATE_LIMITED, url.getHost() + " answered RESOURCE_EXHAUSTED: "
                    + message, NetworkFailures.rerunAfter(Optional.empty()));
            case UNAVAILABLE -> Problem.of(ProblemCode.HTTP_SERVER_ERROR, url.getHost() + " answered UNAVAILABLE: " + message, null);
            default -> Problem.of(ProblemCode.HTTP_UNEXPECTED, url.getHost() + " answered grpc-status " + c.value() + " "
                    + c + ": " + message, null);
        }).orElseGet(() -> status.isEmpty()
                ? mismatch(false, "HTTP " + answer.status() + " without a grpc-status", url, OtlpProtocol.GRPC)
                : Problem.of(ProblemCode.HTTP_UNEXPECTED, url + " answered grpc-status '" + status + "', not a gRPC status",
                NetworkFailures.curl(url)));
        String signal = "grpc-status " + status + code.map(c -> " " + c).orElse("");
        return new Outcome(List.of(problem.headed(problem.headline() + " (" + signal + ")")), "refused: " + signal);
    }

    private static Outcome partialSuccess(PartialSuccess partial, URI url, ProbeTrace probe) {
        if (partial.rejected() > 0) {
            return new Outcome(List.of(Problem.of(ProblemCode.HONEYCOMB_PARTIAL_SUCCESS,
                    url.getHost() + " answered 200 but rejected " + partial.rejected() + " of " + probe.spanCount()
                            + " spans: " + (partial.message().isEmpty() ? "(no message)" : partial.message()),
                    null)), "partially rejected");
        }
        return new Outcome(List.of(), probe.spanCount() + " spans accepted by " + url.getHost()
                + (url.getPort() > 0 ? ":" + url.getPort() : ""));
    }

    private static Problem unauthorized(String message, URI url) {
        if (message.contains("x-honeycomb-dataset")) {
            return Problem.of(ProblemCode.HONEYCOMB_DATASET_MISSING, url.getHost() + " refused the probe: " + message
                    + " (a Classic key needs a dataset)", null);
        }
        if (message.contains("x-honeycomb-team")) {
            return Problem.of(ProblemCode.CONFIG_MISSING, url.getHost() + " refused the probe: " + message,
                    "export OTEL_EXPORTER_OTLP_HEADERS=\"x-honeycomb-team=$HONEYCOMB_API_KEY\"");
        }
        return Problem.of(ProblemCode.HONEYCOMB_KEY_REJECTED, url.getHost() + " refused the key: 401 " + message, null);
    }

    private Problem wrongPath(URI url, int status, String message) {
        String path = url.getPath() == null || url.getPath().isEmpty() ? "/" : url.getPath();
        // a receiver serves /v1/traces at its root: the base URL is the origin, the traces URL the origin's /v1/traces
        String origin = url.getScheme() + "://" + url.getRawAuthority();
        String fix = settings.isSet(KnownVariable.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
                ? new Fixes(settings).set(KnownVariable.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT.name(), origin + "/v1/traces")
                + "  # the traces endpoint is used as it is: the whole URL, ending in /v1/traces"
                : new Fixes(settings).set(KnownVariable.OTEL_EXPORTER_OTLP_ENDPOINT.name(), origin)
                + "  # the base URL: SDKs append /v1/traces";
        return Problem.of(ProblemCode.HONEYCOMB_ENDPOINT_PATH, "POST " + url + " answered "
                        + (status > 0 ? status : "") + " " + message + ": nothing receives OTLP traces at " + path, fix);
    }

    /** The message of an error body: google.rpc.Status (protobuf), {"message"}/{"error"} JSON, or text. */
    static String errorMessage(HttpAnswer answer) {
        if (answer.header("Content-Type").orElse("").contains("protobuf")) {
            Optional<String> status = GrpcWire.decodeStatus(answer.body()).map(GrpcWire.Status::message)
                    .filter(m -> !m.isBlank());
            if (status.isPresent()) {
                return status.get();
            }
        }
        return HoneycombApi.message(answer);
    }
}
