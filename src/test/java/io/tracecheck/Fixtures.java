package io.tracecheck;

import java.util.LinkedHashMap;
import java.util.Map;

/** Real-looking configuration values, valid unless a test breaks them. None of them is a real credential. */
public final class Fixtures {
    public static final String INGEST_KEY = "hcaik_01jd7a3m4pwq8x2v5t9kz6rb3ne0fhgs7yqc4d1w8j5u2l6m9p0x3r7t1q";
    public static final String CONFIG_KEY = "Zq3vX8pL2mN7bR4tW9yK1c";
    public static final String CLASSIC_KEY = "0f4e8d2c6b1a9f3e7d5c2b8a4f6e1d3c";
    public static final String AWS_KEY_ID = "AKIAZ7Q3XW5EXAMPLE42";
    public static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLE42";
    public static final String ROLLBAR_TOKEN = "3f9c2b7e1d5a4c8b9e0f6a2d7c1b5e3a";
    public static final String ROLLBAR_READ = "8e1d4a7c2f5b9e3d6a0c4f8b1e7d2a5c";

    private Fixtures() {
    }

    /**
     * Points Honeycomb, AWS and Rollbar at local backends (doctor runs the live checks: no test may
     * reach a real service host), with the local backends' own keys and tokens.
     */
    public static Map<String, String> localBackends(io.tracecheck.listen.LocalBackends backends) {
        String key = io.tracecheck.listen.honeycomb.AcceptedKey.LOCAL_CONFIGURATION.key();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("ROLLBAR_ENDPOINT", backends.httpBaseUrl() + "/api/1/item/");
        env.put("AWS_ENDPOINT_URL", backends.httpBaseUrl());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", io.tracecheck.listen.aws.AcceptedCredentials.LOCAL.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", io.tracecheck.listen.aws.AcceptedCredentials.LOCAL.secretAccessKey());
        env.put("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:" + backends.udpPort());
        env.put("ROLLBAR_ACCESS_TOKEN", io.tracecheck.listen.rollbar.AcceptedToken.LOCAL_SERVER.token());
        env.put("HONEYCOMB_API_ENDPOINT", backends.httpBaseUrl());
        env.put("HONEYCOMB_API_KEY", key);
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", backends.httpBaseUrl());
        env.put("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + key);
        return env;
    }

    /** A complete, correct configuration for every backend: env reports no problem for it. */
    public static Map<String, String> validEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HONEYCOMB_API_KEY", INGEST_KEY);
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "https://api.honeycomb.io");
        env.put("OTEL_EXPORTER_OTLP_HEADERS", "x-honeycomb-team=" + INGEST_KEY);
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        env.put("OTEL_SERVICE_NAME", "flask-backend");
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_ACCESS_KEY_ID", AWS_KEY_ID);
        env.put("AWS_SECRET_ACCESS_KEY", AWS_SECRET);
        env.put("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000");
        env.put("ROLLBAR_ACCESS_TOKEN", ROLLBAR_TOKEN);
        env.put("ROLLBAR_ENVIRONMENT", "staging");
        return env;
    }
}
