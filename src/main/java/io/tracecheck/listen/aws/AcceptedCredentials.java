package io.tracecheck.listen.aws;

import java.util.List;

/**
 * AWS credentials the local backends accept, with the identity STS reports for them. {@code expired}
 * makes them answer like credentials whose session ended. The emulator's own test credentials.
 */
public record AcceptedCredentials(String accessKeyId, String secretAccessKey, String sessionToken, String account,
                                  String arn, boolean expired) {

    public static final AcceptedCredentials LOCAL = new AcceptedCredentials("AKIATRACECHECKLOCAL1",
            "tracecheck/local/secret/access/key/00000", null, "123456789012",
            "arn:aws:iam::123456789012:user/tracecheck-local", false);

    public static List<AcceptedCredentials> defaults() {
        return List.of(LOCAL);
    }

    public String userId() {
        return "AIDA" + accessKeyId.substring(4);
    }
}
