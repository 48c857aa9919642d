package io.tracecheck.aws;

import io.tracecheck.core.Fixes;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an AccessDenied message names ("User: arn:aws:iam::123456789012:user/dev is not authorized to
 * perform: xray:PutTraceSegments on resource: … because no identity-based policy allows …"): the identity,
 * the action and the resource, for a fix that grants exactly that action to exactly that identity. An
 * explicit deny is not lifted by another Allow, so its fix finds the statement that denies instead.
 */
record AccessDenied(Optional<String> principal, String action, Optional<String> resource, boolean explicitDeny) {
    private static final Pattern PRINCIPAL = Pattern.compile("(arn:aws[a-z-]*:(?:iam|sts)::\\d{12}:[A-Za-z0-9+=,.@_/-]+)");
    private static final Pattern ACTION = Pattern.compile("perform:\\s*([A-Za-z0-9-]+:[A-Za-z0-9*]+)");
    private static final Pattern RESOURCE = Pattern.compile("on resource:\\s*(arn:[^\\s]+|\\*)");
    /** The caller's ARN, when the message does not name it. */
    private static final String CALLER = "\"$(aws sts get-caller-identity --query Arn --output text)\"";

    /** Reads {@code message}; {@code action} is the IAM action of the call, for a message that names none. */
    static AccessDenied read(String message, String action) {
        String text = message == null ? "" : message;
        Matcher principal = PRINCIPAL.matcher(text);
        Matcher named = ACTION.matcher(text);
        Matcher resource = RESOURCE.matcher(text);
        return new AccessDenied(principal.find() ? Optional.of(principal.group(1)) : Optional.empty(),
                named.find() ? named.group(1) : action,
                resource.find() ? Optional.of(resource.group(1).replaceAll("[.,;]$", "")) : Optional.empty(),
                text.toLowerCase(java.util.Locale.ROOT).contains("explicit deny"));
    }

    /** The command that lets the identity of the credentials from {@code provider} call the action, run with credentials that may change IAM. */
    String fix(String provider) {
        if (explicitDeny) {
            return "aws iam simulate-principal-policy --policy-source-arn " + principal.map(Fixes::quote).orElse(CALLER)
                    + " --action-names " + action + " --query 'EvaluationResults[].MatchedStatements'  # names the statement "
                    + "that denies " + action + ": an Allow added elsewhere does not lift an explicit deny; a service "
                    + "control policy's is the account administrator's";
        }
        String document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + resource.orElse("*") + "\"}]}";
        String policy = "tracecheck-" + action.replace(':', '-').replace("*", "all");
        String grant = principal.map(AccessDenied::identity)
                .orElse("--user-name \"$(aws sts get-caller-identity --query Arn --output text | cut -d/ -f2)\"");
        String command = grant.startsWith("--role-name") ? "put-role-policy" : "put-user-policy";
        return "aws iam " + command + " " + grant + " --policy-name " + policy + " --policy-document '" + document
                + "'  # with credentials allowed to change IAM: lets " + principal.orElse("the identity") + ", whose credentials "
                + "come from " + provider + ", call " + action
                + (principal.isPresent() ? "" : "; a role's credentials need aws iam put-role-policy --role-name instead");
    }

    /** {@code --user-name dev} or {@code --role-name app}: who an ARN is, as put-user-policy or put-role-policy names it. */
    private static String identity(String arn) {
        String resource = arn.substring(arn.indexOf(':', arn.indexOf("::") + 2) + 1);
        String[] parts = resource.split("/");
        if (parts[0].equals("assumed-role") && parts.length >= 2) {
            return "--role-name " + Fixes.quote(parts[1]);
        }
        if (parts[0].equals("role")) {
            return "--role-name " + Fixes.quote(parts[parts.length - 1]);
        }
        return "--user-name " + Fixes.quote(parts[parts.length - 1]);
    }
}
