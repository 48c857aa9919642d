package io.tracecheck.listen.pages;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.LocalBackendsExtension;
import io.tracecheck.listen.Arrival;
import io.tracecheck.listen.ListenOptions;
import io.tracecheck.listen.LocalBackends;
import io.tracecheck.listen.OtlpSamples;
import io.tracecheck.listen.Store;
import io.tracecheck.listen.aws.AcceptedCredentials;
import io.tracecheck.trace.TraceJson;
import io.tracecheck.trace.TraceTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * listen's pages through real local backends on ephemeral ports: the trace link as a page and as
 * JSON, the index of traces and refusals, and what an app sends shown as text, never as markup.
 */
class PagesTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";
    private static final String QUOTED_VALUE = "say \"hi\" & 'bye' </dd><script>alert(2)</script>";

    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    @RegisterExtension
    final LocalBackendsExtension listen = new LocalBackendsExtension(() -> {
        Store store = new Store(1000);
        store.onArrival(arrivals::add);
        return LocalBackends.start(ListenOptions.ephemeral(), Clock.systemUTC(), store);
    });
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(listen.backends().httpBaseUrl() + path))
                .timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(listen.backends().httpBaseUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A root, an error child with hostile text, and an orphan whose parent never arrived. */
    private static String hostileTrace() {
        String name = HOSTILE_NAME.replace("\"", "\\\"");
        String value = QUOTED_VALUE.replace("\\", "\\\\").replace("\"", "\\\"");
        return """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop\\"><b>x</b>"}}]},
                 "scopeSpans":[{"spans":[
                  {"traceId":"%1$s","spanId":"00000000000000a1","name":"GET /cart","kind":2,
                   "startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000400000000",
                   "attributes":[{"key":"http.route","value":{"stringValue":"/cart"}},
                                 {"key":"http.request.header.authorization","value":{"stringValue":"Bearer sk_live_ABCDEFGHIJKLMNOP"}}]},
                  {"traceId":"%1$s","spanId":"00000000000000a2","parentSpanId":"00000000000000a1","name":"%2$s",
                   "startTimeUnixNano":"1700000000100000000","endTimeUnixNano":"1700000000300000000",
                   "attributes":[{"key":"note","value":{"stringValue":"%3$s"}}],"status":{"code":2,"message":"boom"}},
                  {"traceId":"%1$s","spanId":"00000000000000b1","parentSpanId":"00000000000000ff","name":"worker job",
                   "startTimeUnixNano":"1700000000200000000","endTimeUnixNano":"1700000000350000000"}]}]}]}
                """.formatted(TRACE, name, value);
    }

    @Test
    void theTraceLinkIsAWaterfallPageWithEveryAppStringShownAsText() throws Exception {
        assertThat(post("/v1/traces", "application/json", hostileTrace()).statusCode()).isEqualTo(200);
        int seen = arrivals.size();

        HttpResponse<String> page = get("/tracecheck/traces/" + TRACE, "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
                .startsWith("default-src 'none'; script-src 'sha256-").doesNotContain("unsafe-eval");
        String html = page.body();
        // the hostile name and attribute are text: escaped, never markup
        assertThat(html).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain(HOSTILE_NAME)
                .contains("say &quot;hi&quot; &amp; &#39;bye&#39; &lt;/dd&gt;&lt;script&gt;alert(2)&lt;/script&gt;")
                .doesNotContain("<script>alert(2)").doesNotContain("<b>x</b>").contains("shop&quot;&gt;&lt;b&gt;x&lt;/b&gt;");
        // one <script>: the page's own
        assertThat(html.split("<script", -1)).hasSize(2);
        // the waterfall: names in tree order, indentation, the error, the orphan and why it is one
        assertThat(html.indexOf("GET /cart")).isLessThan(html.indexOf("&lt;img")).isLessThan(html.indexOf("worker job"));
        assertThat(html).contains("padding-left:1.7em").contains("class=\"span error\"").contains("✖")
                .contains("class=\"span orphaned\"").contains("parent 00000000000000ff never arrived")
                .contains("1 span&#39;s parent never arrived.").contains("3 spans").contains("1 error").contains("1 orphan")
                .contains("400 ms").contains("left:25.000%;width:50.000%");
        // attributes are in the page, hidden until a click; a credential attribute is masked
        assertThat(html).contains("<dt>http.route</dt><dd>/cart</dd>").contains("hidden><td colspan=\"5\">")
                .doesNotContain("sk_live_ABCDEFGHIJKLMNOP").contains("…(31 chars)");
        // no external asset: nothing loads from anywhere
        assertThat(html).doesNotContainPattern("(?i)(src|href)=\"(https?:)?//");
        // looking at the page is not something an app sent
        assertThat(arrivals).hasSize(seen);
    }

    @Test
    void scriptsGetTraceJsonByFormatOrAccept() throws Exception {
        assertThat(post("/v1/traces", "application/json", hostileTrace()).statusCode()).isEqualTo(200);
        HttpResponse<String> byQuery = get("/tracecheck/traces/" + TRACE + "?format=json");
        HttpResponse<String> byAccept = get("/tracecheck/traces/" + TRACE, "Accept", "application/json");
        for (HttpResponse<String> answer : List.of(byQuery, byAccept)) {
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
            Map<String, Object> json = JSON.std.mapFrom(answer.body());
            assertThat(json).containsEntry("trace_id", TRACE).containsEntry("span_count", 3)
                    .containsEntry("error_count", 1).containsEntry("orphan_count", 1);
            TraceTree tree = TraceJson.read(json);
            assertThat(tree.rows()).extracting(r -> r.span().name()).containsExactly("GET /cart", HOSTILE_NAME, "worker job");
            assertThat(tree.rows().get(1).span().attributes()).containsEntry("note", QUOTED_VALUE);
            assertThat(answer.body()).doesNotContain("sk_live_ABCDEFGHIJKLMNOP");
        }
        // a browser that accepts JSON too but prefers HTML gets the page; curl's */* gets the page
        assertThat(get("/tracecheck/traces/" + TRACE, "Accept", "text/html, application/json;q=0.9").body())
                .startsWith("<!doctype html>");
        assertThat(get("/tracecheck/traces/" + TRACE, "Accept", "*/*").body()).startsWith("<!doctype html>");
    }

    @Test
    void anUnknownTraceIs404InBothForms() throws Exception {
        HttpResponse<String> json = get("/tracecheck/traces/0123?format=json");
        assertThat(json.statusCode()).isEqualTo(404);
        assertThat(JSON.std.mapFrom(json.body())).containsEntry("error", "no spans of trace 0123 are kept here");
        HttpResponse<String> html = get("/tracecheck/traces/%3Cb%3E");
        assertThat(html.statusCode()).isEqualTo(404);
        assertThat(html.body()).contains("Trace <code>&lt;b&gt;</code> is not here").doesNotContain("<b>");
    }

    @Test
    void theIndexListsTracesAndRefusalsWithoutAnyCredential() throws Exception {
        assertThat(post("/v1/traces", "application/json", OtlpSamples.JSON_TRACE).statusCode()).isEqualTo(200);
        assertThat(post("/v1/traces", "application/json", hostileTrace()).statusCode()).isEqualTo(200);
        // refusals carrying credentials: an unknown Honeycomb key, a doubled path, an AWS signature and a query token
        String key = "hcaikLEAKunknownHoneycombKey0000000000000000000000000000000000000";
        assertThat(post("/v1/traces", "application/json", OtlpSamples.JSON_TRACE, "x-honeycomb-team", key).statusCode())
                .isEqualTo(401);
        assertThat(post("/v1/traces/v1/traces", "application/json", OtlpSamples.JSON_TRACE).statusCode()).isEqualTo(404);
        String signature = "1eak".repeat(16);
        post("/TraceSegments?X-Amz-Signature=" + signature, "application/json", "{}", "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIALEAKLEAKLEAK0000/20240101/us-east-1/xray/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, Signature=" + signature, "X-Amz-Date", "20240101T000000Z");
        get("/api/1/item_by_uuid?uuid=x&access_token=LEAKrollbarToken0000000000000000");

        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        assertThat(html).contains("GET /users").contains("flask-backend").contains("href=\"/tracecheck/traces/" + TRACE + "\"")
                .contains("GET /cart").contains("shop&quot;&gt;&lt;b&gt;x&lt;/b&gt;").doesNotContain("<b>x</b>")
                .contains("unauthorized").contains("401 POST /v1/traces").contains("not-found")
                .contains("404 POST /v1/traces/v1/traces").contains("OTEL_EXPORTER_OTLP_ENDPOINT");
        HttpResponse<String> json = get("/?format=json");
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
        Map<String, Object> index = JSON.std.mapFrom(json.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> traces = (List<Map<String, Object>>) index.get("traces");
        assertThat(traces).extracting(t -> t.get("trace_id")).contains(TRACE, "5b8efff798038103d269b633813fc60c");
        assertThat(traces).filteredOn(t -> t.get("root").equals("GET /cart")).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("service", "shop\"><b>x</b>").containsEntry("span_count", 3)
                        .containsEntry("error_count", 1).containsEntry("orphan_count", 1)
                        .containsEntry("link", "/tracecheck/traces/" + TRACE));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> refusals = (List<Map<String, Object>>) index.get("refusals");
        assertThat(refusals).extracting(r -> r.get("kind")).contains("unauthorized", "not-found");
        assertThat(refusals).filteredOn(r -> "not-found".equals(r.get("kind")) && "/v1/traces/v1/traces".equals(r.get("path")))
                .singleElement().satisfies(r -> assertThat((String) r.get("cause")).contains("OTEL_EXPORTER_OTLP_ENDPOINT"));
        for (String body : List.of(html, json.body())) {
            assertThat(body).doesNotContain(key).doesNotContain(signature).doesNotContain("AKIALEAKLEAKLEAK0000")
                    .doesNotContain("LEAKrollbarToken").doesNotContain(AcceptedCredentials.LOCAL.secretAccessKey());
        }
    }

    @Test
    void anEmptyIndexSaysHowToSendAndTheAwsApisStillOwnPostSlash() throws Exception {
        assertThat(get("/").body()).contains("No trace has arrived yet").contains("Nothing was refused");
        // POST / is still the AWS APIs' (here: an unsigned CloudWatch Logs call, refused as AWS would)
        HttpResponse<String> aws = post("/", "application/x-amz-json-1.1", "{}", "X-Amz-Target", "Logs_20140328.DescribeLogGroups");
        assertThat(aws.statusCode()).isBetween(400, 403);
        assertThat(aws.body()).contains("__type");
    }

    @Test
    void xraySegmentsSentToTheDaemonHaveAPageToo() throws Exception {
        String segment = "{\"format\": \"json\", \"version\": 1}\n{\"name\":\"flask-backend\",\"id\":\"70de5b6f19ff9a0a\","
                + "\"trace_id\":\"1-581cf771-a006649127e371903a2de979\",\"start_time\":1478293361.271,\"end_time\":1478293361.449,"
                + "\"subsegments\":[{\"name\":\"SELECT users\",\"id\":\"70de5b6f19ff9a0b\",\"start_time\":1478293361.3,"
                + "\"end_time\":1478293361.4}]}";
        byte[] datagram = segment.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
            socket.send(new java.net.DatagramPacket(datagram, datagram.length, java.net.InetAddress.getLoopbackAddress(),
                    listen.backends().udpPort()));
        }
        // a datagram has no answer: wait for its arrival
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (arrivals.stream().noneMatch(a -> a.kind() == Arrival.Kind.SEGMENT) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        HttpResponse<String> page = get("/tracecheck/traces/1-581cf771-a006649127e371903a2de979");
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>flask-backend</h1>").contains("SELECT users").contains("2 spans")
                .contains("xray-udp");
        assertThat(get("/").body()).contains("href=\"/tracecheck/traces/1-581cf771-a006649127e371903a2de979\"");
    }

    @Test
    void anotherMethodOnATraceIs405AndShownAsTheRequestItIs() throws Exception {
        HttpResponse<String> posted = post("/tracecheck/traces/" + TRACE, "application/json", "{}");
        assertThat(posted.statusCode()).isEqualTo(405);
        assertThat(posted.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(arrivals).anySatisfy(a -> assertThat(a.kind()).isEqualTo(Arrival.Kind.METHOD_NOT_ALLOWED));
        assertThat(get("/").body()).contains("method-not-allowed").contains("405 POST /tracecheck/traces/" + TRACE);
    }

    /** A trace of thousands of spans, one with a huge name: the page stays small, the JSON keeps every span. */
    @Test
    void aHugeTraceDrawsABoundedPage() throws Exception {
        listen.restart(() -> LocalBackends.start(ListenOptions.ephemeral(), Clock.systemUTC(), new Store(10_000)));
        StringBuilder spans = new StringBuilder();
        int count = TracePage.MAX_ROWS + 500;
        String huge = "n".repeat(50_000);
        for (int i = 0; i < count; i++) {
            spans.append(i == 0 ? "" : ",").append("{\"traceId\":\"").append(TRACE).append("\",\"spanId\":\"")
                    .append(String.format("%016x", i + 1)).append("\",").append(i == 0 ? "" : "\"parentSpanId\":\"0000000000000001\",")
                    .append("\"name\":\"").append(i == 1 ? huge : "s" + i).append("\",\"startTimeUnixNano\":\"")
                    .append(1700000000000000000L + i * 1000L).append("\",\"endTimeUnixNano\":\"").append(1700000001000000000L)
                    .append("\"}");
        }
        String body = "{\"resourceSpans\":[{\"resource\":{},\"scopeSpans\":[{\"spans\":[" + spans + "]}]}]}";
        assertThat(post("/v1/traces", "application/json", body).statusCode()).isEqualTo(200);

        String html = get("/tracecheck/traces/" + TRACE, "Accept", "text/html").body();

        assertThat(html).contains("… 500 more spans not drawn").contains("…(50000 chars)").doesNotContain(huge);
        assertThat(html.length()).isLessThan(2_000_000);
        String json = get("/tracecheck/traces/" + TRACE + "?format=json").body();
        assertThat(json).contains("\"span_count\":" + count);
    }
}
