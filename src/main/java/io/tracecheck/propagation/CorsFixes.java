package io.tracecheck.propagation;

import io.tracecheck.core.Fixes;
import io.tracecheck.core.Problem;
import io.tracecheck.core.ProblemCode;

import java.net.URI;
import java.util.Optional;

/** The exact edits that let the browser send trace context to the backend, in the files that need them. */
final class CorsFixes {
    private CorsFixes() {
    }

    /** The flask-cors call that allows the frontend's origin and the trace headers. */
    static String backend(AppFiles files, String origin, Fixes fixes) {
        String call = "CORS(app, origins=[\"" + origin + "\"], allow_headers=[\"Content-Type\", \"traceparent\", "
                + "\"tracestate\"], expose_headers=[\"traceparent\"])";
        if (files.corsCall().isPresent()) {
            AppFiles.Found found = files.corsCall().get();
            return "edit " + found.file() + ": line " + found.line() + " (" + found.text() + ") becomes " + call
                    + "  # then restart the backend";
        }
        if (files.flaskApp().isPresent()) {
            AppFiles.Found found = files.flaskApp().get();
            return "edit " + found.file() + ": after line " + found.line() + " (" + found.text() + ") add "
                    + "from flask_cors import CORS; " + call + "  # pip install flask-cors; then restart the backend";
        }
        return "grep -rln 'Flask(__name__)' --include='*.py' .  # the module that creates the app; there add "
                + "from flask_cors import CORS; " + call + "  # pip install flask-cors; then restart the backend";
    }

    /**
     * The browser's fetch/XHR instrumentation puts traceparent only on requests to its own origin
     * unless {@code propagateTraceHeaderCorsUrls} matches the backend's URL.
     */
    static Optional<Problem> frontendProblem(AppFiles files, URI backend) {
        String origin = Origins.of(backend);
        String pattern = "/^" + origin.replace("/", "\\/").replace(".", "\\.") + "/";
        return files.frontendInstrumentation().stream().filter(f -> !f.propagatesToOtherOrigins()).findFirst()
                .map(found -> Problem.of(ProblemCode.PROPAGATION_FRONTEND_URLS, "the browser's OpenTelemetry "
                        + "instrumentation in " + found.file() + " sets no propagateTraceHeaderCorsUrls, so it sends "
                        + "traceparent only to its own origin, never to " + origin,
                        "edit " + found.file() + ": line " + found.line() + " (" + found.text() + "): give the fetch and XHR "
                                + "instrumentations propagateTraceHeaderCorsUrls: [" + pattern + "]"));
    }
}
