package io.tracecheck.listen.xray;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validation of an X-Ray segment document, by the rules of the segment document schema: the
 * fields X-Ray refuses a segment without, with the reason a user can act on.
 */
public final class SegmentDocument {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern TRACE_ID = Pattern.compile("1-[0-9a-f]{8}-[0-9a-f]{24}");

    private SegmentDocument() {
    }

    /** Parses and validates; an invalid document throws {@link IllegalArgumentException} with the reason. */
    public static Map<String, Object> parse(String json) {
        Map<String, Object> document;
        try {
            document = JSON.std.mapFrom(json);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the segment is not valid JSON");
        }
        if (document == null) {
            throw new IllegalArgumentException("the segment is not a JSON object");
        }
        validate(document, "segment", true);
        if ("subsegment".equals(document.get("type")) && !(document.get("parent_id") instanceof String)) {
            throw new IllegalArgumentException("an independent subsegment needs parent_id");
        }
        return document;
    }

    @SuppressWarnings("unchecked")
    private static void validate(Map<String, Object> document, String what, boolean top) {
        Object name = document.get("name");
        if (!(name instanceof String text) || text.isBlank() || text.length() > 200) {
            throw new IllegalArgumentException(what + " has no name (1 to 200 characters)");
        }
        if (!(document.get("id") instanceof String id) || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException(what + " '" + name + "' has no id of 16 hex digits");
        }
        if (top && (!(document.get("trace_id") instanceof String trace) || !TRACE_ID.matcher(trace).matches())) {
            throw new IllegalArgumentException(what + " '" + name + "' has no trace_id of the form 1-8hex-24hex");
        }
        if (!(document.get("start_time") instanceof Number)) {
            throw new IllegalArgumentException(what + " '" + name + "' has no numeric start_time (epoch seconds)");
        }
        if (!(document.get("end_time") instanceof Number) && !Boolean.TRUE.equals(document.get("in_progress"))) {
            throw new IllegalArgumentException(what + " '" + name + "' has neither end_time nor in_progress: true");
        }
        Object children = document.get("subsegments");
        if (children != null) {
            if (!(children instanceof List<?> list)) {
                throw new IllegalArgumentException(what + " '" + name + "' has subsegments that are not an array");
            }
            for (Object child : list) {
                if (!(child instanceof Map<?, ?> map)) {
                    throw new IllegalArgumentException(what + " '" + name + "' has a subsegment that is not an object");
                }
                validate((Map<String, Object>) map, "subsegment", false);
            }
        }
    }
}
