package io.tracecheck.aws;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names the services accept, as their API references give them (docs/decisions.md), checked
 * before any request: a name AWS would refuse is a configuration problem, found by {@code env}
 * and by the check's resolve step, not a 400 from the network. Each rule says what is wrong and
 * offers a name that passes.
 */
public final class AwsNames {
    /** CloudWatch Logs logGroupName: 1 to 512 of these characters. */
    private static final Pattern LOG_GROUP_CHARACTER = Pattern.compile("[.\\-_/#A-Za-z0-9]");
    private static final int LOG_NAME_MAX = 512;
    private static final int XRAY_GROUP_MAX = 32;

    /** What is wrong with a name, and one that would pass. */
    public record Verdict(String problem, String suggestion) {
    }

    private AwsNames() {
    }

    /**
     * CloudWatch Logs group names: 1 to 512 characters of letters, digits, '.', '-', '_', '/', '#'
     * (the PutLogEvents and CreateLogGroup references), and not beginning with "aws/", a prefix
     * AWS keeps for its own groups.
     */
    public static Optional<Verdict> logGroup(String name) {
        if (name.isEmpty()) {
            return Optional.of(new Verdict("it is empty; a log group name has 1 to 512 characters", "tracecheck"));
        }
        Matcher bad = Pattern.compile("[^.\\-_/#A-Za-z0-9]").matcher(name);
        String suggestion = suggestLogGroup(name);
        if (bad.find()) {
            return Optional.of(new Verdict("it has " + describe(name, bad.start()) + "; a log group name has only letters, "
                    + "digits and '.', '-', '_', '/', '#'", suggestion));
        }
        if (name.length() > LOG_NAME_MAX) {
            return Optional.of(new Verdict("it has " + name.length() + " characters; a log group name has at most "
                    + LOG_NAME_MAX, suggestion));
        }
        if (name.startsWith("aws/")) {
            return Optional.of(new Verdict("names beginning with aws/ are reserved for AWS's own log groups", suggestion));
        }
        return Optional.empty();
    }

    /** CloudWatch Logs stream names: 1 to 512 characters, none of them ':' or '*'. */
    public static Optional<Verdict> logStream(String name) {
        if (name.isEmpty()) {
            return Optional.of(new Verdict("it is empty; a log stream name has 1 to 512 characters", "tracecheck-probe"));
        }
        String suggestion = cut(name.replaceAll("[:*]", "-"), LOG_NAME_MAX);
        int bad = indexOfAny(name, ":*");
        if (bad >= 0) {
            return Optional.of(new Verdict("it has " + describe(name, bad) + "; a log stream name may not hold ':' or '*'",
                    suggestion));
        }
        int length = name.codePointCount(0, name.length());
        if (length > LOG_NAME_MAX) {
            return Optional.of(new Verdict("it has " + length + " characters; a log stream name has at most " + LOG_NAME_MAX,
                    suggestion));
        }
        return Optional.empty();
    }

    /**
     * X-Ray group names: 1 to 32 characters. The X-Ray API reference (CreateGroup, GetGroup) gives
     * only that length and no character pattern, so no character is refused here.
     */
    public static Optional<Verdict> xrayGroup(String name) {
        int length = name.codePointCount(0, name.length());
        if (length == 0) {
            return Optional.of(new Verdict("it is empty; an X-Ray group name has 1 to 32 characters", "my-service"));
        }
        if (length > XRAY_GROUP_MAX) {
            return Optional.of(new Verdict("it has " + length + " characters; an X-Ray group name has at most "
                    + XRAY_GROUP_MAX, cut(name, XRAY_GROUP_MAX)));
        }
        return Optional.empty();
    }

    private static String suggestLogGroup(String name) {
        StringBuilder kept = new StringBuilder();
        name.codePoints().forEach(c -> kept.append(LOG_GROUP_CHARACTER.matcher(Character.toString(c)).matches()
                ? Character.toString(c) : "-"));
        String suggestion = kept.toString();
        while (suggestion.startsWith("aws/")) {
            suggestion = suggestion.substring(4);
        }
        suggestion = cut(suggestion, LOG_NAME_MAX);
        return suggestion.isEmpty() ? "tracecheck" : suggestion;
    }

    private static String describe(String name, int index) {
        int c = name.codePointAt(index);
        String shown = Character.isWhitespace(c) ? "a space" : Character.isISOControl(c) ? "a control character"
                : "'" + Character.toString(c) + "'";
        return shown + " at position " + (name.codePointCount(0, index) + 1);
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String cut(String text, int codePoints) {
        return text.codePointCount(0, text.length()) <= codePoints ? text
                : text.substring(0, text.offsetByCodePoints(0, codePoints));
    }
}
