package io.tracecheck.listen.pages;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.listen.Arrival;
import io.tracecheck.listen.Endpoint;
import io.tracecheck.listen.HttpExchange;
import io.tracecheck.listen.Sizes;
import io.tracecheck.listen.Source;
import io.tracecheck.listen.Store;
import io.tracecheck.listen.StoredTraces;
import io.tracecheck.trace.TraceSpan;
import io.tracecheck.trace.TraceTree;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /}: what arrived, for a person: the recent traces (each linking to its page) and the
 * recent refusals with their likely cause, or the same as JSON. Every other method on {@code /}
 * belongs to the AWS APIs that post there, and goes to {@code others}.
 * <p>
 * A refusal shows only what {@link Arrival} keeps of a request (method, path without its query,
 * answer, reason, cause), which by design holds no header value and so no key or token.
 */
public final class IndexPage implements Endpoint {
    /** Enough for a screen and for a script; the store may keep thousands. */
    private static final int TRACES = 100;

    private final StoredTraces traces;
    private final Refusals refusals;
    private final Store store;
    private final Endpoint others;

    public IndexPage(StoredTraces traces, Refusals refusals, Store store, Endpoint others) {
        this.traces = traces;
        this.refusals = refusals;
        this.store = store;
        this.others = others;
    }

    @Override
    public boolean serves(String path) {
        return path.equals("/");
    }

    @Override
    public Source source() {
        return others.source();
    }

    /** {@code /} is also the AWS APIs' path: a request the server could not read is answered in their shape. */
    @Override
    public void answerError(HttpExchange exchange, int status, String message) throws Exception {
        others.answerError(exchange, status, message);
    }

    @Override
    public void handle(HttpExchange exchange) throws Exception {
        if (!exchange.method().equals("GET") && !exchange.method().equals("HEAD")) {
            others.handle(exchange);
            return;
        }
        exchange.recorded();
        List<TraceTree> recent = traces.recent(TRACES);
        List<Arrival> refused = refusals.newestFirst();
        if (Format.of(exchange) == Format.JSON) {
            exchange.answer(200, "application/json", JSON.std.asBytes(json(recent, refused)), Layout.headers(), null);
        } else {
            exchange.answer(200, "text/html; charset=utf-8", page(recent, refused).bytes(), Layout.headers(), null);
        }
    }

    private Map<String, Object> json(List<TraceTree> recent, List<Arrival> refused) {
        Map<String, Object> json = new LinkedHashMap<>();
        Store.Counts counts = store.counts();
        json.put("counts", Map.of("received", counts.received(), "malformed", counts.malformed(), "refused", counts.refused(),
                "evicted", counts.evicted(), "kept", counts.kept()));
        List<Map<String, Object>> list = new ArrayList<>();
        for (TraceTree tree : recent) {
            TraceSpan root = tree.rootSpan();
            Map<String, Object> trace = new LinkedHashMap<>();
            trace.put("trace_id", tree.traceId());
            trace.put("service", root.service());
            trace.put("services", services(tree));
            trace.put("root", root.name());
            trace.put("start", tree.start().toString());
            trace.put("duration_ms", tree.duration().toNanos() / 1_000_000.0);
            trace.put("span_count", tree.spanCount());
            trace.put("error_count", tree.errorCount());
            trace.put("orphan_count", tree.orphans().size());
            trace.put("link", TracePage.PREFIX + Html.pathSegment(tree.traceId()));
            list.add(trace);
        }
        json.put("traces", list);
        List<Map<String, Object>> refusalList = new ArrayList<>();
        for (Arrival arrival : refused) {
            Map<String, Object> refusal = new LinkedHashMap<>();
            refusal.put("time", arrival.time().toString());
            refusal.put("kind", arrival.kind().id());
            refusal.put("source", arrival.source().id());
            Arrival.Request request = arrival.request();
            if (request != null) {
                refusal.put("method", request.method());
                refusal.put("path", request.path());
                refusal.put("status", request.status());
                if (request.grpcStatus() >= 0) {
                    refusal.put("grpc_status", request.grpcStatus());
                }
                if (!request.operation().isEmpty()) {
                    refusal.put("operation", request.operation());
                }
            }
            refusal.put("reason", arrival.reason());
            refusal.put("cause", arrival.cause());
            refusal.put("bytes", arrival.bytes());
            refusalList.add(refusal);
        }
        json.put("refusals", refusalList);
        return json;
    }

    private Html page(List<TraceTree> recent, List<Arrival> refused) {
        Store.Counts counts = store.counts();
        Html page = Layout.open("what arrived");
        page.raw("<h1>What arrived at tracecheck listen</h1>\n<p class=\"meta\">").text("received " + counts.received()
                        + " · malformed " + counts.malformed() + " · refused " + counts.refused() + " · evicted " + counts.evicted()
                        + " · kept " + counts.kept())
                .raw(" · <a href=\"/\">reload</a> · <a href=\"/?format=json\">JSON</a></p>\n<h2>Recent traces</h2>\n");
        if (recent.isEmpty()) {
            page.raw("<p class=\"dim\" id=\"no-traces\">No trace has arrived yet. Point an app here with the lines "
                    + "<code>tracecheck listen --print-env</code> prints, then reload.</p>\n");
        } else {
            page.raw("<table class=\"traces\"><thead><tr><th>root span</th><th>service</th><th>start</th>"
                    + "<th class=\"num\">duration</th><th class=\"num\">spans</th><th class=\"num\">errors</th>"
                    + "<th class=\"num\">orphans</th><th>trace id</th></tr></thead>\n<tbody>\n");
            for (TraceTree tree : recent) {
                TraceSpan root = tree.rootSpan();
                long errors = tree.errorCount();
                int orphans = tree.orphans().size();
                page.raw("<tr><td class=\"name\"><a").attr("href", TracePage.PREFIX + Html.pathSegment(tree.traceId()))
                        .attr("title", TracePage.clip(root.name())).raw(">").text(root.name().isEmpty() ? "(no name)" : TracePage.clip(root.name()))
                        .raw("</a></td><td>").text(String.join(", ", services(tree))).raw("</td><td>");
                Layout.time(page, tree.start());
                page.raw("</td><td class=\"num\">").text(Layout.duration(tree.duration()))
                        .raw("</td><td class=\"num\">").text(String.valueOf(tree.spanCount()))
                        .raw(errors > 0 ? "</td><td class=\"num err\">" : "</td><td class=\"num\">").text(String.valueOf(errors))
                        .raw(orphans > 0 ? "</td><td class=\"num orphan\">" : "</td><td class=\"num\">").text(String.valueOf(orphans))
                        .raw("</td><td class=\"mono dim\">").text(tree.traceId()).raw("</td></tr>\n");
            }
            page.raw("</tbody></table>\n");
        }
        page.raw("<h2>Rejected arrivals</h2>\n");
        if (refused.isEmpty()) {
            page.raw("<p class=\"dim\" id=\"no-refusals\">Nothing was refused.</p>\n");
        } else {
            page.raw("<table class=\"refusals\"><thead><tr><th>time</th><th>kind</th><th>receiver</th><th>answer</th>"
                    + "<th>reason</th><th>likely cause</th><th class=\"num\">size</th></tr></thead>\n<tbody>\n");
            for (Arrival arrival : refused) {
                page.raw("<tr><td class=\"nowrap\">");
                Layout.time(page, arrival.time());
                page.raw("</td><td class=\"err nowrap\">").text(arrival.kind().id()).raw("</td><td>").text(arrival.source().id())
                        .raw("</td><td class=\"mono nowrap\">").text(answer(arrival.request())).raw("</td><td>").text(arrival.reason())
                        .raw("</td><td>").text(arrival.cause()).raw("</td><td class=\"num\">").text(Sizes.readable(arrival.bytes()))
                        .raw("</td></tr>\n");
            }
            page.raw("</tbody></table>\n");
        }
        return Layout.close(page);
    }

    /** The services of the trace's spans, the root's first: a trace crossing apps shows them all. */
    private static List<String> services(TraceTree tree) {
        java.util.Set<String> services = new java.util.LinkedHashSet<>();
        services.add(tree.rootSpan().service());
        tree.rows().forEach(row -> services.add(row.span().service()));
        services.remove("");
        return List.copyOf(services);
    }

    /** {@code 404 POST /v1/traces/v1/traces}, {@code grpc-status 16 POST /…/Export}; "" for a datagram. */
    private static String answer(Arrival.Request request) {
        if (request == null) {
            return "";
        }
        String status = request.grpcStatus() > 0 ? "grpc-status " + request.grpcStatus() : String.valueOf(request.status());
        String operation = request.operation().isEmpty() || request.path().endsWith("/" + request.operation())
                ? "" : " " + request.operation();
        return status + " " + request.method() + " " + request.path() + operation;
    }
}
