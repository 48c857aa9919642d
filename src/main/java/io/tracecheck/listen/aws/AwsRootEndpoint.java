package io.tracecheck.listen.aws;

import io.tracecheck.listen.Endpoint;
import io.tracecheck.listen.HttpExchange;
import io.tracecheck.listen.Source;

import java.io.IOException;

/**
 * {@code POST /}: where the AWS query protocol (STS) and the JSON 1.1 protocol (CloudWatch Logs,
 * chosen by X-Amz-Target) both post. Dispatches to the emulated service.
 */
public final class AwsRootEndpoint implements Endpoint {
    private final StsEndpoint sts;
    private final LogsEndpoint logs;

    public AwsRootEndpoint(SigV4Verifier verifier, io.tracecheck.listen.Store store, java.time.Clock clock) {
        this.sts = new StsEndpoint(verifier);
        this.logs = new LogsEndpoint(verifier, store, clock);
    }

    /** Makes a log group and stream exist, as a service that writes there itself makes them (aws/spans). */
    public void ensureLogStream(String group, String stream) {
        logs.ensureStream(group, stream);
    }

    @Override
    public boolean serves(String path) {
        return path.equals("/");
    }

    @Override
    public Source source() {
        return Source.LOGS_API;
    }

    /** CloudWatch Logs' JSON 1.1 for a Logs request, STS's XML ErrorResponse otherwise, with the codes they give. */
    @Override
    public void answerError(HttpExchange exchange, int status, String message) throws IOException {
        if (LogsEndpoint.isLogsRequest(exchange)) {
            LogsEndpoint.error(exchange.source(Source.LOGS_API), switch (status) {
                case 408 -> new AwsError(408, "RequestTimeout", message);
                case 413 -> new AwsError(413, "RequestEntityTooLarge", message);
                case 429 -> new AwsError(400, "ThrottlingException", "Rate exceeded: " + message);
                case 500 -> new AwsError(500, "ServiceUnavailableException", message);
                default -> new AwsError(400, "SerializationException", message);
            });
        } else {
            StsEndpoint.error(exchange.source(Source.STS), switch (status) {
                case 408 -> new AwsError(408, "RequestTimeout", message);
                case 413 -> new AwsError(413, "RequestEntityTooLarge", message);
                case 429 -> new AwsError(400, "Throttling", "Rate exceeded: " + message);
                case 500 -> new AwsError(500, "InternalFailure", message);
                default -> new AwsError(400, "MalformedQueryString", message);
            });
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!exchange.method().equals("POST")) {
            exchange.source(Source.HTTP).reason("the local AWS APIs take POST /")
                    .answer(404, "text/plain; charset=utf-8", "404 page not found: the local AWS APIs take POST /");
            return;
        }
        byte[] body = exchange.body();
        if (LogsEndpoint.isLogsRequest(exchange)) {
            logs.handle(exchange, body);
            return;
        }
        if (StsEndpoint.isQueryRequest(exchange)) {
            sts.handle(exchange, body);
            return;
        }
        new AwsError(400, "UnknownOperationException", "the local backend does not serve this operation").describe(exchange)
                .answer(400, "application/x-amz-json-1.1",
                        "{\"__type\":\"UnknownOperationException\",\"message\":\"the local backend does not serve this operation\"}");
    }
}
