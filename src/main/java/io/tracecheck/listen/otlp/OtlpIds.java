package io.tracecheck.listen.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * The length rule the OpenTelemetry Collector applies to ids when it decodes a request: a trace id is
 * 16 bytes, a span id 8, or either is empty; any other length makes the whole request undecodable
 * (HTTP 400, gRPC INVALID_ARGUMENT). An exporter with a broken id generator, or hand-written JSON with
 * a digit too few, is told so here, where its spans would otherwise be stored under an id that no
 * backend would keep. Paths are named as in OTLP/JSON, for both encodings.
 */
final class OtlpIds {
    static final int TRACE_ID_BYTES = 16;
    static final int SPAN_ID_BYTES = 8;

    private OtlpIds() {
    }

    /** Throws {@link IllegalArgumentException} naming the first id of a wrong length. */
    static void checkTraces(ExportTraceServiceRequest request) {
        for (int r = 0; r < request.getResourceSpansCount(); r++) {
            ResourceSpans resource = request.getResourceSpans(r);
            for (int s = 0; s < resource.getScopeSpansCount(); s++) {
                ScopeSpans scope = resource.getScopeSpans(s);
                for (int i = 0; i < scope.getSpansCount(); i++) {
                    Span span = scope.getSpans(i);
                    String where = "resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]";
                    check(span.getTraceId(), TRACE_ID_BYTES, where, "traceId");
                    check(span.getSpanId(), SPAN_ID_BYTES, where, "spanId");
                    check(span.getParentSpanId(), SPAN_ID_BYTES, where, "parentSpanId");
                    for (int l = 0; l < span.getLinksCount(); l++) {
                        Span.Link link = span.getLinks(l);
                        check(link.getTraceId(), TRACE_ID_BYTES, where + ".links[" + l + "]", "traceId");
                        check(link.getSpanId(), SPAN_ID_BYTES, where + ".links[" + l + "]", "spanId");
                    }
                }
            }
        }
    }

    static void checkLogs(ExportLogsServiceRequest request) {
        for (int r = 0; r < request.getResourceLogsCount(); r++) {
            ResourceLogs resource = request.getResourceLogs(r);
            for (int s = 0; s < resource.getScopeLogsCount(); s++) {
                ScopeLogs scope = resource.getScopeLogs(s);
                for (int i = 0; i < scope.getLogRecordsCount(); i++) {
                    LogRecord log = scope.getLogRecords(i);
                    String where = "resourceLogs[" + r + "].scopeLogs[" + s + "].logRecords[" + i + "]";
                    check(log.getTraceId(), TRACE_ID_BYTES, where, "traceId");
                    check(log.getSpanId(), SPAN_ID_BYTES, where, "spanId");
                }
            }
        }
    }

    private static void check(ByteString id, int length, String where, String field) {
        if (!id.isEmpty() && id.size() != length) {
            throw new IllegalArgumentException(where + "." + field + " is " + id.size() + " bytes: a "
                    + (length == TRACE_ID_BYTES ? "trace" : "span") + " id is " + length + " bytes (" + 2 * length
                    + " hex digits in OTLP/JSON), or empty");
        }
    }
}
