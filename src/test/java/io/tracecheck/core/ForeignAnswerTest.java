package io.tracecheck.core;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which answers are a page, not the service's: by the body first, by the type when the body is not data. */
class ForeignAnswerTest {
    private static final ForeignAnswer.Asked XRAY = new ForeignAnswer.Asked("X-Ray",
            URI.create("http://127.0.0.1:4566/TraceSegments"), Optional.empty());

    private static Optional<Problem> check(int status, String contentType, String body) {
        return ForeignAnswer.check(ForeignAnswer.Seen.of(status, contentType == null ? Map.of()
                : Map.of("content-type", contentType), body), XRAY);
    }

    @Test
    void dataLabelledHtmlIsStillTheServicesAnswer() {
        // moto labels its JSON and XML answers text/html
        assertThat(check(200, "text/html; charset=utf-8", "{\"UnprocessedTraceSegments\": []}")).isEmpty();
        assertThat(check(200, "text/html", "<?xml version=\"1.0\"?><GetCallerIdentityResponse/>")).isEmpty();
        assertThat(check(400, "text/html", "<ErrorResponse><Error><Code>X</Code></Error></ErrorResponse>")).isEmpty();
        assertThat(check(200, "text/html", "")).isEmpty();
    }

    @Test
    void aPageIsAPageWhateverItsType() {
        assertThat(check(200, "text/html", "portal: accept the terms")).isPresent();
        assertThat(check(200, null, "<!DOCTYPE html><html><title>x</title></html>")).isPresent();
        assertThat(check(403, "application/json", "<html><body>blocked</body></html>")).isPresent();
        // a 404 page and a 5xx page are the callers' to word
        assertThat(check(404, "text/html", "<html>not found</html>")).isEmpty();
        assertThat(check(502, "text/html", "<html>bad gateway</html>")).isEmpty();
    }
}
