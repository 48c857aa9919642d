package io.tracecheck.blackbox;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tracecheck.FreePorts;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tracecheck propagation} against a real Flask backend: flask-cors answers the preflight as
 * it does for users (one route allowing every header, one with an allow_headers list), and the AWS
 * X-Ray SDK's Flask middleware joins the X-Amzn-Trace-Id it is sent, sending its segment to a
 * listen started by the launcher.
 */
class PropagationIT {
    @TempDir
    Path home;

    private final int http = FreePorts.tcp();
    private final int grpc = FreePorts.tcp();
    private final int udp = io.tracecheck.listen.DaemonPorts.free();
    private final int app = FreePorts.tcp();

    private static final String APP = """
            import os
            from flask import Flask, jsonify
            from flask_cors import CORS
            from aws_xray_sdk.core import xray_recorder
            from aws_xray_sdk.ext.flask.middleware import XRayMiddleware

            app = Flask(__name__)
            CORS(app, resources={r"/api/*": {}, r"/narrow/*": {"allow_headers": ["Content-Type"]}})
            xray_recorder.configure(service="flask-api", daemon_address=os.environ["AWS_XRAY_DAEMON_ADDRESS"],
                                    sampling=False, context_missing="LOG_ERROR")
            XRayMiddleware(app, xray_recorder)

            @app.route("/api/items")
            def items():
                return jsonify(items=[])

            @app.route("/narrow/items")
            def narrow():
                return jsonify(items=[])

            app.run(host="127.0.0.1", port=int(os.environ["APP_PORT"]))
            """;

    @Test
    @SuppressWarnings("unchecked")
    void aFlaskAppWithFlaskCorsAndTheXraySdk() throws Exception {
        Launcher.Run probe = bash("python3 -c 'import flask, flask_cors, aws_xray_sdk' && echo yes || echo no\n");
        Assumptions.assumeTrue(probe.out().strip().equals("yes"), "skipped: python3 with flask, flask-cors and aws-xray-sdk");
        Files.writeString(home.resolve("app.py"), APP);
        try (Launcher.Running listen = new Launcher(Launcher.PROJECT.resolve("scripts/tracecheck"), home).start("listen",
                "--http-port", String.valueOf(http), "--grpc-port", String.valueOf(grpc), "--udp-port", String.valueOf(udp))
                .awaitOut("Point an app here:")) {
            Launcher.Run run = bash("set -e\n"
                    + "export AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:" + udp + " APP_PORT=" + app + "\n"
                    + "python3 app.py > app.out 2> app.err &\n"
                    + "trap 'kill $!' EXIT\n"
                    + "for i in $(seq 300); do curl -s -o /dev/null http://127.0.0.1:" + app + "/api/items && break; sleep 0.1; done\n"
                    + "\"$PROJECT/scripts/tracecheck\" propagation http://127.0.0.1:" + app + "/api/items --listen-url "
                    + "http://127.0.0.1:" + http + " -o json > joined.json || true\n"
                    + "\"$PROJECT/scripts/tracecheck\" propagation http://127.0.0.1:" + app + "/narrow/items --no-verify "
                    + "-o json > narrow.json || true\n");
            assertThat(run.exitCode()).as(run.toString()).isZero();

            Map<String, Object> joined = JSON.std.mapFrom(Files.readString(home.resolve("joined.json")));
            Map<String, Object> check = ((List<Map<String, Object>>) joined.get("checks")).get(0);
            assertThat(check.get("status")).as(joined.toString()).isEqualTo("pass");
            assertThat(check.get("summary").toString()).startsWith("one trace: the backend's span 'flask-api' (flask-api) "
                    + "is a child of the span sent");

            Map<String, Object> narrow = JSON.std.mapFrom(Files.readString(home.resolve("narrow.json")));
            List<Map<String, Object>> problems = (List<Map<String, Object>>) ((List<Map<String, Object>>) narrow.get("checks"))
                    .get(0).get("problems");
            assertThat(problems).as(narrow.toString()).singleElement().satisfies(p -> {
                assertThat(p).containsEntry("code", "propagation.cors");
                assertThat(p.get("message").toString()).contains("does not allow the headers traceparent and tracestate");
                assertThat(p.get("fix").toString()).startsWith("edit " + home.resolve("app.py").toRealPath() + ": line 8 ");
            });
            listen.stop();
        }
    }

    private Launcher.Run bash(String script) throws Exception {
        Path file = home.resolve("script.sh");
        Files.writeString(file, script);
        return new Launcher(Path.of("/bin/bash"), home).env("PROJECT", Launcher.PROJECT.toString()).in(home)
                .run(file.toString());
    }
}
