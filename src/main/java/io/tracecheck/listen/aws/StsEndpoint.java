package io.tracecheck.listen.aws;

import io.tracecheck.listen.HttpExchange;
import io.tracecheck.listen.Source;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * STS over the query protocol: {@code POST /} with {@code Action=GetCallerIdentity}, answered in
 * STS's XML, errors in its ErrorResponse shape.
 */
final class StsEndpoint {
    private static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final SigV4Verifier verifier;

    StsEndpoint(SigV4Verifier verifier) {
        this.verifier = verifier;
    }

    static boolean isQueryRequest(HttpExchange exchange) {
        return exchange.mediaType().equals("application/x-www-form-urlencoded");
    }

    void handle(HttpExchange exchange, byte[] body) throws IOException {
        Map<String, String> form;
        try {
            form = form(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            exchange.source(Source.STS);
            error(exchange, new AwsError(400, "MalformedQueryString", "The query string is malformed: a percent-escape "
                    + "is incomplete or not hexadecimal"));
            return;
        }
        exchange.source(Source.STS).operation(form.getOrDefault("Action", ""));
        SigV4Verifier.Verdict verdict = verifier.verify(exchange, body, SigV4Verifier.Dialect.QUERY, 403, "sts");
        if (!verdict.ok()) {
            error(exchange, verdict.error());
            return;
        }
        String action = form.getOrDefault("Action", "");
        if (!action.equals("GetCallerIdentity")) {
            error(exchange, new AwsError(400, "InvalidAction", "Could not find operation " + action + " for version "
                    + form.getOrDefault("Version", "?") + " (the local backend serves GetCallerIdentity)"));
            return;
        }
        AcceptedCredentials caller = verdict.caller();
        exchange.answer(200, "text/xml", ("<GetCallerIdentityResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <GetCallerIdentityResult>\n"
                + "    <Arn>" + caller.arn() + "</Arn>\n"
                + "    <UserId>" + caller.userId() + "</UserId>\n"
                + "    <Account>" + caller.account() + "</Account>\n"
                + "  </GetCallerIdentityResult>\n"
                + "  <ResponseMetadata>\n    <RequestId>" + UUID.randomUUID() + "</RequestId>\n  </ResponseMetadata>\n"
                + "</GetCallerIdentityResponse>\n").getBytes(StandardCharsets.UTF_8));
    }

    static void error(HttpExchange exchange, AwsError error) {
        error.describe(exchange).answer(error.status(), "text/xml", ("<ErrorResponse xmlns=\"" + NAMESPACE + "\">\n"
                + "  <Error>\n    <Type>Sender</Type>\n    <Code>" + error.code() + "</Code>\n"
                + "    <Message>" + escape(error.message()) + "</Message>\n  </Error>\n"
                + "  <RequestId>" + UUID.randomUUID() + "</RequestId>\n</ErrorResponse>\n").getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
