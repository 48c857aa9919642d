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
            return new Outcome(List.of(mismatch(e, url, protocol)), "not delivered: the port speaks " + e.spoken().label());
        } catch (IOException e) {
            return new Outcome(List.of(CallAnswers.network(e, url, deadline, settings)), "not delivered");
        }
    }

    /** The port answered in the other transport's HTTP version: name what it speaks and the protocol that fits it. */
    private Problem mismatch(ProtocolMismatch e, URI url, OtlpProtocol protocol) {
        OtlpProtocol fitting = e.spoken() == ProtocolMismatch.Spoken.HTTP_2 ? OtlpProtocol.GRPC : OtlpProtocol.HTTP_PROTOBUF;
        KnownVariable protocolVariable = settings.isSet(KnownVariable.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL)
                ? KnownVariable.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL : KnownVariable.OTEL_EXPORTER_OTLP_PROTOCOL;
        String address = url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "");
        String speaks = fitting == OtlpProtocol.GRPC ? "OTLP/gRPC (HTTP/2)" : "OTLP/HTTP (HTTP/1.1)";
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
                        + ": it answered " + e.evidence() + "; set the protocol to " + fitting.id()
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
        Optional<Problem> foreign = CallAnswers.foreign(answer, url, receiver(url), Optional.empty());
        if (foreign.isPresent()) {
            return new Outcome(List.of(foreign.get()), "not the OTLP endpoint's answer: " + status);
        }
        // an OTLP/HTTP server answers in the request's encoding; anything else came from something else
        if (status == 200 && !answer.contentType().contains("protobuf") && !answer.contentType().contains("json")) {
            return new Outcome(List.of(ForeignAnswer.unreadable(CallAnswers.seen(answer), new ForeignAnswer.Asked(receiver(url),
                    url, Optional.empty()), "an OTLP response (application/x-protobuf or application/json)")),
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
                    + NetworkFailures.excerpt(message) + ")", "A proxy with a small body limit sits in front of the endpoint?");
            default -> NetworkFailures.ofStatus(status, answer.header("Retry-After"), message, url);
        };
        return new Outcome(List.of(problem), "refused: " + status);
    }

    private Outcome readGrpc(HttpAnswer answer, URI url, ProbeTrace probe) {
        Optional<Problem> foreign = CallAnswers.foreign(answer, url, receiver(url), Optional.empty());
        if (foreign.isPresent()) {
            return new Outcome(List.of(foreign.get()), "not the OTLP endpoint's answer: HTTP " + answer.status());
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
        Problem problem = code.map(c -> switch (c) {
            case UNAUTHENTICATED -> unauthorized(message, url);
            case PERMISSION_DENIED -> Problem.of(ProblemCode.HONEYCOMB_KEY_PERMISSION, url.getHost() + " refused the probe: "
                    + "PERMISSION_DENIED " + message, "Use an Ingest key, or a Configuration key with \"Send Events\".");
            case UNIMPLEMENTED -> wrongPath(url, 0, "UNIMPLEMENTED " + message);
            case RESOURCE_EXHAUSTED -> Problem.of(ProblemCode.HTTP_RATE_LIMITED, url.getHost() + " answered RESOURCE_EXHAUSTED: "
                    + message, "Wait a minute and run again.");
            case UNAVAILABLE -> Problem.of(ProblemCode.HTTP_SERVER_ERROR, url.getHost() + " answered UNAVAILABLE: " + message, null);
            default -> Problem.of(ProblemCode.HTTP_UNEXPECTED, url.getHost() + " answered grpc-status " + c.value() + " "
                    + c + ": " + message, null);
        }).orElseGet(() -> Problem.of(ProblemCode.HTTP_UNEXPECTED, url + (status.isEmpty()
                        ? " answered without a grpc-status: not a gRPC server?" : " answered grpc-status '" + status + "', not a gRPC status"),
                "For http/protobuf, set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf and the HTTP port (4318)."));
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

    private static Problem wrongPath(URI url, int status, String message) {
        String path = url.getPath() == null || url.getPath().isEmpty() ? "/" : url.getPath();
        return Problem.of(ProblemCode.HONEYCOMB_ENDPOINT_PATH, "POST " + url + " answered "
                        + (status > 0 ? status : "") + " " + message + ": nothing receives OTLP traces at " + path,
                "OTEL_EXPORTER_OTLP_ENDPOINT is the base URL (e.g. https://api.honeycomb.io, /v1/traces is appended); "
                        + "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is the full URL ending in /v1/traces.");
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
