package io.tracecheck.listen;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;

/**
 * Approximate heap bytes of what listen keeps, on the high side (strings as two bytes a character,
 * a fixed overhead per object): close enough to bound memory by bytes, cheap enough to run on
 * every item.
 */
public final class Sizes {
    private static final long OBJECT = 48;

    private Sizes() {
    }

    /** A body's size as the live view and the pages show it: "512 B", "79.2 KiB", "1.5 MiB". */
    public static String readable(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    public static long of(String text) {
        return text == null ? 0 : OBJECT + 2L * text.length();
    }

    /** A JSON-like tree of maps, lists, strings and numbers, walked without recursion. */
    public static long ofTree(Object root) {
        long bytes = 0;
        Deque<Object> pending = new ArrayDeque<>();
        pending.push(root == null ? "" : root);
        while (!pending.isEmpty()) {
            Object node = pending.pop();
            if (node instanceof String text) {
                bytes += of(text);
            } else if (node instanceof Map<?, ?> map) {
                bytes += OBJECT + OBJECT * map.size();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    push(pending, entry.getKey());
                    push(pending, entry.getValue());
                }
            } else if (node instanceof Collection<?> list) {
                bytes += OBJECT + 8L * list.size();
                for (Object element : list) {
                    push(pending, element);
                }
            } else {
                bytes += OBJECT / 2;
            }
        }
        return bytes;
    }

    private static void push(Deque<Object> pending, Object node) {
        if (node != null) {
            pending.push(node);
        }
    }

    /** One stored item; {@code sharedCounted} is true when its resource was already counted with another item of its batch. */
    static long of(Stored item, boolean sharedCounted) {
        long bytes = OBJECT * 2;
        if (item instanceof StoredSpan span) {
            // the parsed span, and the attribute map and ids made from it (which share its strings): four
            // times its wire size covers both without walking the map for every span of a batch
            bytes += 4L * span.span().getSerializedSize()
                    + (sharedCounted ? 0 : 3L * span.resource().getSerializedSize())
                    + 64L * span.attributes().size() + 8L * OBJECT;
        } else if (item instanceof StoredSegment segment) {
            bytes += of(segment.document()) + ofTree(segment.fields()) + of(segment.name())
                    + of(segment.traceId()) + of(segment.id()) + of(segment.parentId());
        } else if (item instanceof StoredLogEvent event) {
            bytes += of(event.group()) + of(event.stream()) + of(event.message());
        } else if (item instanceof StoredLogRecord record) {
            bytes += of(record.service()) + of(record.traceId()) + of(record.severity()) + of(record.body());
        } else if (item instanceof StoredMetrics metrics) {
            bytes += of(metrics.service());
        } else if (item instanceof StoredRollbarItem rollbar) {
            bytes += of(rollbar.uuid()) + of(rollbar.environment()) + of(rollbar.title()) + of(rollbar.level())
                    + ofTree(rollbar.data());
        }
        return bytes;
    }
}
