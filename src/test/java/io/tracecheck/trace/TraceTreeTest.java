package io.tracecheck.trace;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TraceTreeTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private static TraceSpan span(String id, String parent, String name, long startMs, long endMs) {
        return new TraceSpan("t1", id, parent, "web", name, T0.plusMillis(startMs), T0.plusMillis(endMs), false, Map.of(), "test");
    }

    private static List<String> drawn(TraceTree tree) {
        return tree.rows().stream().map(r -> "  ".repeat(r.depth()) + r.span().name() + (r.orphan() ? " (orphan)" : "")).toList();
    }

    @Test
    void childrenHangUnderTheirParentInStartOrder() {
        TraceTree tree = TraceTree.of("t1", List.of(
                span("c2", "r", "second", 30, 40), span("r", "", "GET /", 0, 100),
                span("g", "c1", "query", 12, 18), span("c1", "r", "first", 10, 20)));

        assertThat(drawn(tree)).containsExactly("GET /", "  first", "    query", "  second");
        assertThat(tree.rootSpan().name()).isEqualTo("GET /");
        assertThat(tree.orphans()).isEmpty();
        assertThat(tree.duration().toMillis()).isEqualTo(100);
    }

    @Test
    void aSpanWhoseParentNeverArrivedIsAnOrphanRootWithItsChildren() {
        TraceTree tree = TraceTree.of("t1", List.of(
                span("r", "", "GET /", 0, 100), span("b", "missing", "backend call", 50, 90), span("b2", "b", "db", 60, 70)));

        assertThat(drawn(tree)).containsExactly("GET /", "backend call (orphan)", "  db");
        assertThat(tree.orphans()).extracting(TraceSpan::name).containsExactly("backend call");
    }

    @Test
    void cyclesAndSelfParentsNeitherLoopNorVanish() {
        TraceTree tree = TraceTree.of("t1", List.of(
                span("a", "b", "a", 0, 10), span("b", "a", "b", 1, 10), span("s", "s", "self", 2, 3)));

        assertThat(tree.rows()).hasSize(3);
        assertThat(tree.orphans()).hasSize(2);
    }

    @Test
    void aSpanSeenTwiceKeepsTheOneThatEndedLast() {
        TraceTree tree = TraceTree.of("t1", List.of(span("r", "", "in progress", 0, 0), span("r", "", "GET /", 0, 80)));

        assertThat(drawn(tree)).containsExactly("GET /");
    }

    @Test
    void aDeepChainDrawsWithoutRecursion() {
        List<TraceSpan> chain = new java.util.ArrayList<>();
        chain.add(span("s0", "", "root", 0, 1));
        for (int i = 1; i < 50_000; i++) {
            chain.add(span("s" + i, "s" + (i - 1), "n", i, i + 1));
        }
        TraceTree tree = TraceTree.of("t1", chain);

        assertThat(tree.rows()).hasSize(50_000);
        assertThat(tree.rows().get(49_999).depth()).isEqualTo(49_999);
    }

    @Test
    void xraySubsegmentsBecomeChildrenWithOtelNames() {
        Map<String, Object> segment = Map.of("trace_id", "1-5f84c7a1-abcdefabcdefabcdefabcdef", "id", "70de5b6f19ff9a0a",
                "name", "flask-app", "start_time", 1.7E9, "end_time", 1.7000000005E9, "fault", true,
                "http", Map.of("request", Map.of("method", "GET", "url", "http://localhost/api"), "response", Map.of("status", 500.0)),
                "subsegments", List.of(Map.of("id", "1111111111111111", "name", "SELECT", "start_time", 1.7000000001E9,
                        "end_time", 1.7000000002E9, "sql", Map.of("sanitized_query", "SELECT * FROM t"))));

        List<TraceSpan> spans = XraySegments.of(segment, "xray-udp");
        TraceTree tree = TraceTree.of("1-5f84c7a1-abcdefabcdefabcdefabcdef", spans);

        assertThat(drawn(tree)).containsExactly("flask-app", "  SELECT");
        TraceSpan root = tree.rootSpan();
        assertThat(root.error()).isTrue();
        assertThat(root.attributes()).containsEntry("http.method", "GET").containsEntry("http.status_code", "500");
        assertThat(root.duration().toMillis()).isEqualTo(500);
        assertThat(spans.get(1).attributes()).containsEntry("db.statement", "SELECT * FROM t");
        assertThat(spans.get(1).service()).isEqualTo("flask-app");
    }

    @Test
    void theJsonTreeReadsBackAsTheSameTree() throws Exception {
        TraceTree tree = TraceTree.of("t1", List.of(span("r", "", "GET /", 0, 100), span("c", "r", "child", 10, 20),
                span("o", "gone", "orphan", 30, 35)));
        String json = com.fasterxml.jackson.jr.ob.JSON.std.asString(TraceJson.of(tree));

        TraceTree back = TraceJson.read(com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(json));

        assertThat(drawn(back)).isEqualTo(drawn(tree));
        assertThat(json).contains("\"orphan_count\":1").contains("\"offset_ms\":10.0");
    }

    @Test
    void credentialAttributesAreMaskedAsTheSpanEntersTheModel() {
        TraceSpan span = new TraceSpan("t1", "a", "", "web", "GET /", T0, T0, false,
                Map.of("http.request.header.authorization", "Bearer abcdefghijklmnop", "x-honeycomb-team", "hcaik_0123456789",
                        "total_tokens", "42", "http.route", "/"), "test");

        assertThat(span.attributes().get("http.request.header.authorization")).doesNotContain("abcdefgh");
        assertThat(span.attributes().get("x-honeycomb-team")).doesNotContain("0123456789");
        assertThat(span.attributes()).containsEntry("total_tokens", "42").containsEntry("http.route", "/");
    }
}
