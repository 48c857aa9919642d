package io.tracecheck.listen.pages;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.listen.Endpoint;
import io.tracecheck.listen.HttpExchange;
import io.tracecheck.listen.Source;
import io.tracecheck.listen.StoredTraces;
import io.tracecheck.trace.TraceJson;
import io.tracecheck.trace.TraceSpan;
import io.tracecheck.trace.TraceTree;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GET /tracecheck/traces/{trace_id}}: the link {@code tracecheck honeycomb} prints for a
 * local backend. A browser gets the trace as a waterfall (a span's attributes open on click); a
 * script asking for JSON gets {@link TraceJson}'s shape, which {@code tracecheck trace --source
 * listen} reads. Looking at a page is not something an app sent, so it adds no line to the live view.
 */
public final class TracePage implements Endpoint {
    static final String PREFIX = "/tracecheck/traces/";
    /** Deeper spans are drawn at this indentation (their depth is still in their details). */
    private static final int MAX_INDENT = 30;
    /** Spans drawn on one page: past this a browser slows down, and the JSON has them all. */
    static final int MAX_ROWS = 2_000;
    /** Characters of a name or attribute value shown; an app may send megabytes in one. */
    static final int MAX_TEXT = 2_000;

    private final StoredTraces traces;

    public TracePage(StoredTraces traces) {
        this.traces = traces;
    }

    @Override
    public boolean serves(String path) {
        return path.startsWith(PREFIX);
    }

    @Override
    public Source source() {
        return Source.HONEYCOMB_API;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!exchange.method().equals("GET") && !exchange.method().equals("HEAD")) {
            String message = "the trace pages answer GET only";
            exchange.reason(message).answer(405, "text/plain; charset=utf-8", message.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    Map.of("Allow", "GET, HEAD"), null);
            return;
        }
        exchange.recorded();
        String traceId = decoded(exchange.path().substring(PREFIX.length()));
        TraceTree tree = traceId.isEmpty() ? TraceTree.of("", List.of()) : traces.tree(traceId);
        Format format = Format.of(exchange);
        if (tree.isEmpty()) {
            String message = "no spans of trace " + traceId + " are kept here";
            if (format == Format.JSON) {
                exchange.answer(404, "application/json", JSON.std.asBytes(Map.of("error", message)), Layout.headers(), null);
            } else {
                exchange.answer(404, "text/html; charset=utf-8", notFound(traceId).bytes(), Layout.headers(), null);
            }
            return;
        }
        if (format == Format.JSON) {
            exchange.answer(200, "application/json", JSON.std.asBytes(TraceJson.of(tree)), Layout.headers(), null);
        } else {
            exchange.answer(200, "text/html; charset=utf-8", page(tree).bytes(), Layout.headers(), null);
        }
    }

    /** The id as the index's link encoded it (percent escapes undone; a stray '%' is kept as sent). */
    private static String decoded(String segment) {
        try {
            return java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoded) {
            return segment;
        }
    }

    private static Html notFound(String traceId) {
        Html page = Layout.open("trace " + traceId).raw("<p><a href=\"/\">← recent traces</a></p><h1>Trace <code>")
                .text(traceId).raw("</code> is not here</h1>\n<p>No span of it is kept: it never arrived here, or more "
                        + "recent data evicted it (listen keeps <code>--max-items</code>). Spans an exporter batches "
                        + "arrive a few seconds after they end.</p>\n");
        return Layout.close(page);
    }

    static Html page(TraceTree tree) {
        TraceSpan root = tree.rootSpan();
        List<TraceTree.Row> rows = tree.rows();
        Instant start = tree.start();
        Duration total = tree.duration();
        long errors = rows.stream().filter(r -> r.span().error()).count();
        List<TraceSpan> orphans = tree.orphans();
        Set<String> ids = new HashSet<>();
        rows.forEach(r -> ids.add(r.span().spanId()));

        Html page = Layout.open(root.name().isEmpty() ? "trace " + tree.traceId() : clip(root.name()));
        page.raw("<p><a href=\"/\">← recent traces</a></p>\n<h1>").text(root.name().isEmpty() ? "(no name)" : clip(root.name()))
                .raw("</h1>\n<p class=\"meta\">trace <code>").text(tree.traceId()).raw("</code> · ").text(root.service())
                .raw(" · ").text(plural(tree.spanCount(), "span")).raw(" · ").text(Layout.duration(total)).raw(" · started ");
        Layout.time(page, start);
        if (errors > 0) {
            page.raw(" · <span class=\"err\">").text(plural(errors, "error")).raw("</span>");
        }
        if (!orphans.isEmpty()) {
            page.raw(" · <span class=\"orphan\">").text(plural(orphans.size(), "orphan")).raw("</span>");
        }
        page.raw(" · <a").attr("href", PREFIX + Html.pathSegment(tree.traceId()) + "?format=json").raw(">JSON</a></p>\n");
        if (!orphans.isEmpty()) {
            page.raw("<p class=\"note\" id=\"orphans\"><strong class=\"orphan\">")
                    .text(orphans.size() == 1 ? "1 span's parent never arrived." : orphans.size() + " spans' parents never arrived.")
                    .raw("</strong> They are drawn at the top level, marked <span class=\"orphan\">orphan</span>. A missing parent "
                            + "is how broken context propagation looks: a service did not pass the trace context "
                            + "(<code>traceparent</code>) on, the parent's service exports elsewhere or not at all, or its "
                            + "spans have not been exported yet.</p>\n");
        }
        page.raw("<p class=\"dim\">Click a span to see its attributes.</p>\n<table class=\"waterfall\"><thead><tr><th>span</th>"
                + "<th>service</th><th class=\"num\">offset</th><th class=\"num\">duration</th><th class=\"timeline\">timeline</th>"
                + "</tr></thead>\n<tbody>\n");
        double totalNanos = Math.max(1, total.toNanos());
        for (int i = 0; i < Math.min(rows.size(), MAX_ROWS); i++) {
            TraceTree.Row row = rows.get(i);
            TraceSpan span = row.span();
            Duration offset = Duration.between(start, span.start());
            double left = offset.toNanos() / totalNanos * 100;
            double width = Math.min(100 - left, span.duration().toNanos() / totalNanos * 100);
            page.raw("<tr class=\"span").raw(span.error() ? " error" : "").raw(row.orphan() ? " orphaned" : "")
                    .raw("\" tabindex=\"0\" aria-expanded=\"false\" aria-controls=\"span-" + i + "\">")
                    .raw("<td class=\"name\" style=\"padding-left:" + String.format(Locale.ROOT, "%.1f",
                            0.5 + 1.2 * Math.min(row.depth(), MAX_INDENT)) + "em\"").attr("title", clip(span.name())).raw(">");
            if (span.error()) {
                page.raw("<span class=\"err\" title=\"error\">✖ </span>");
            }
            page.text(span.name().isEmpty() ? "(no name)" : clip(span.name()));
            if (row.orphan()) {
                page.raw("<span class=\"badge orphan\"").attr("title", ids.contains(span.parentId())
                        ? "its parents form a loop back to it" : "parent " + span.parentId() + " never arrived").raw(">orphan</span>");
            }
            page.raw("</td><td>").text(span.service()).raw("</td><td class=\"num\">").text(Layout.duration(offset))
                    .raw("</td><td class=\"num\">").text(Layout.duration(span.duration()))
                    .raw("</td><td class=\"timeline\"><div class=\"track\"><div class=\"bar\" style=\"left:")
                    .raw(String.format(Locale.ROOT, "%.3f%%;width:%.3f%%", left, Math.max(0, width))).raw("\"></div></div></td></tr>\n");
            details(page, i, row, ids);
        }
        if (rows.size() > MAX_ROWS) {
            page.raw("<tr><td colspan=\"5\" class=\"dim\">").text("… " + (rows.size() - MAX_ROWS) + " more spans not drawn: "
                    + "the JSON (?format=json) has every one").raw("</td></tr>\n");
        }
        page.raw("</tbody></table>\n");
        return Layout.close(page);
    }

    /** At most {@link #MAX_TEXT} characters, and how many there were when cut. */
    static String clip(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…(" + text.length() + " chars)";
    }

    /** The hidden row under a span: its ids, where it came from, its attributes sorted by name. */
    private static void details(Html page, int index, TraceTree.Row row, Set<String> ids) {
        TraceSpan span = row.span();
        page.raw("<tr class=\"attrs\" id=\"span-" + index + "\" hidden><td colspan=\"5\"><dl>");
        entry(page, "span id", span.spanId());
        String parent = span.root() ? "(none: a root span)"
                : row.orphan() && !ids.contains(span.parentId()) ? span.parentId() + " (never arrived)" : span.parentId();
        entry(page, "parent id", parent);
        entry(page, "service", span.service());
        entry(page, "received by", span.origin());
        entry(page, "start", span.start().toString());
        entry(page, "duration", Layout.duration(span.duration()));
        if (span.error()) {
            entry(page, "error", "true");
        }
        if (span.attributes().isEmpty()) {
            page.raw("<dt>attributes</dt><dd class=\"dim\">none</dd>");
        }
        new TreeMap<>(span.attributes()).forEach((key, value) -> entry(page, clip(key), clip(value)));
        page.raw("</dl></td></tr>\n");
    }

    private static void entry(Html page, String key, String value) {
        page.raw("<dt>").text(key).raw("</dt><dd>").text(value).raw("</dd>");
    }

    private static String plural(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
