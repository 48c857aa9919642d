package io.tracecheck.trace;

import io.tracecheck.terminal.Style;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WaterfallTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final Style UNICODE = new Style(true, false);

    private static TraceSpan span(String id, String parent, String service, String name, long startMs, long endMs,
                                  boolean error, Map<String, String> attributes) {
        return new TraceSpan("4bf92f3577b34da6a3ce929d0e0e4736", id, parent, service, name, T0.plusMillis(startMs),
                T0.plusMillis(endMs), error, attributes, "test");
    }

    private static TraceTree checkout() {
        return TraceTree.of("4bf92f3577b34da6a3ce929d0e0e4736", List.of(
                span("r", "", "web", "GET /checkout", 0, 120, false,
                        Map.of("http.method", "GET", "http.route", "/checkout", "http.status_code", "200")),
                span("a", "r", "web", "SELECT orders", 5, 25, false,
                        Map.of("db.statement", "SELECT id,\n  total FROM orders WHERE customer_id = $1 AND status = 'open' ORDER BY created_at")),
                span("b", "r", "web", "POST payments", 30, 110, true,
                        Map.of("http.request.method", "POST", "url.full", "http://pay:8080/charge?token=s3cret",
                                "http.response.status_code", "502")),
                span("c", "b", "pay", "charge", 40, 100, true, Map.of()),
                span("o", "gone", "mailer", "send receipt", 60, 90, false, Map.of())));
    }

    @Test
    void drawsTheTreeWithTimesBarsAndKeyAttributes() {
        List<String> lines = Waterfall.full(UNICODE, 160, 100).lines(checkout());
        String text = String.join("\n", lines);

        assertThat(lines.get(0)).contains("trace 4bf92f3577b34da6a3ce929d0e0e4736", "web", "\"GET /checkout\"", "5 spans",
                "120.0 ms", "2 errors", "1 orphan");
        assertThat(text).contains("GET /checkout").contains("├─ SELECT orders").contains("└─ ✗ POST payments")
                .contains("   └─ ✗ charge").contains("⚠ orphan send receipt");
        assertThat(line(lines, "SELECT orders")).contains("web").contains("+5.00 ms").contains("20.0 ms")
                .contains("SELECT id, total FROM orders WHERE customer_id").endsWith("…");
        assertThat(line(lines, "GET /checkout")).contains("GET /checkout 200").contains("█".repeat(20));
        // the path of the URL, never its query
        assertThat(line(lines, "POST payments")).contains("POST /charge 502").doesNotContain("s3cret");
        assertThat(lines.get(lines.size() - 2)).contains("⚠ 1 orphan span", "\"send receipt\"", "span gone", "never arrived");
        assertThat(lines.get(lines.size() - 1)).contains("Broken propagation");
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(160));
    }

    @Test
    void barsAreOnTheTracesTimeScale() {
        List<String> lines = Waterfall.full(UNICODE, 200, 100).lines(checkout());
        String root = bar(line(lines, "GET /checkout"));
        String charge = bar(line(lines, "└─ ✗ charge"));
        assertThat(charge.length()).as(String.join("\n", lines)).isEqualTo(root.length());
        assertThat(root).doesNotContain("·");
        // charge runs from a third of the trace to five sixths of it
        int width = root.length();
        assertThat(charge.indexOf('█')).isBetween(width / 3 - 1, width / 3 + 1);
        assertThat(charge.lastIndexOf('█') + 1).isBetween(width * 5 / 6 - 1, width * 5 / 6 + 1);
    }

    @Test
    void asciiWhenTheTerminalHasNoUnicodeAndColourOnlyWhenAsked() {
        List<String> plain = Waterfall.full(Style.PLAIN, 140, 100).lines(checkout());
        String text = String.join("\n", plain);
        assertThat(text).contains("|- SELECT orders").contains("`- ERR POST payments").contains("orphan send receipt")
                .contains("####");
        assertThat(text.chars()).allMatch(c -> c < 0x80);
        assertThat(text).doesNotContain("\u001b[");

        String coloured = String.join("\n", Waterfall.full(new Style(true, true), 140, 100).lines(checkout()));
        assertThat(coloured).contains("\u001b[31m✗ POST payments\u001b[0m").contains("\u001b[31m502\u001b[0m");
    }

    @Test
    void namesAndAttributesCannotReachTheTerminalAsEscapes() {
        TraceTree tree = TraceTree.of("t", List.of(span("r", "", "web\u001b]0;owned\u0007", "GET \u001b[2J\u001b[31m/x\r\n", 0, 10,
                false, Map.of("http.route", "/a\u009b31m\u202e", "db.statement", "DROP\u001bc"))));
        String text = String.join("\n", Waterfall.full(UNICODE, 140, 100).lines(tree));
        assertThat(text).doesNotContain("\u001b").doesNotContain("\r").doesNotContain("\u009b").doesNotContain("\u202e")
                .doesNotContain("owned").contains("GET /x");
    }

    @Test
    void aHugeTraceStopsAtTheCapWithACount() {
        List<TraceSpan> spans = new ArrayList<>(List.of(span("r", "", "web", "batch", 0, 1000, false, Map.of())));
        for (int i = 0; i < 5000; i++) {
            spans.add(span("s" + i, "r", "web", "item " + i, i / 5, i / 5 + 1, false, Map.of()));
        }
        List<String> lines = Waterfall.compact(UNICODE, 100, 20).lines(TraceTree.of("t", spans));
        assertThat(lines).hasSize(1 + 20 + 1);
        assertThat(lines.get(lines.size() - 1)).contains("… 4981 more spans");
    }

    @Test
    void theCompactFormLeavesOutServiceAndOffset() {
        List<String> lines = Waterfall.compact(UNICODE, 100, 20).lines(checkout());
        assertThat(line(lines, "SELECT orders")).doesNotContain("+5.00 ms").contains("20.0 ms").startsWith("  ");
        assertThat(lines).noneMatch(l -> l.contains("SERVICE"));
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(100));
    }

    @Test
    void aDeepChainIsIndentedOnlySoFar() {
        List<TraceSpan> spans = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            spans.add(span("s" + i, i == 0 ? "" : "s" + (i - 1), "web", "level " + i, i, 3000, false, Map.of()));
        }
        List<String> lines = Waterfall.full(UNICODE, 120, 5000).lines(TraceTree.of("t", spans));
        assertThat(lines).hasSize(1 + 1 + 3000);
        assertThat(line(lines, "level 2999")).contains("…2999 level 2999");
    }

    private static String line(List<String> lines, String name) {
        return lines.stream().skip(1).filter(l -> l.contains(name)).findFirst().orElseThrow(() -> new AssertionError(name + " in\n"
                + String.join("\n", lines)));
    }

    private static String bar(String line) {
        return line.replaceAll(".*?([·█]+).*", "$1");
    }
}
