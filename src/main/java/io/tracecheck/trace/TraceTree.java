package io.tracecheck.trace;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trace's spans as a tree: roots (no parent), orphans (a parent that never arrived: how broken
 * propagation looks) and children ordered by start. Built without recursion and safe against any
 * input: a span id seen twice keeps the one that ended last (X-Ray sends in-progress segments and
 * then complete ones), and spans caught in a parent cycle become orphans instead of vanishing.
 */
public final class TraceTree {
    private static final Comparator<Node> BY_START = Comparator
            .comparing((Node n) -> n.span().start()).thenComparing(n -> n.span().name()).thenComparing(n -> n.span().spanId());

    /** A span, whether its parent is missing, and its children in start order. */
    public record Node(TraceSpan span, boolean orphan, List<Node> children) {
    }

    /** One line of the tree in depth-first order: what every renderer draws. */
    public record Row(TraceSpan span, int depth, boolean orphan) {
    }

    private final String traceId;
    private final List<Node> roots;
    private final int spanCount;

    private TraceTree(String traceId, List<Node> roots, int spanCount) {
        this.traceId = traceId;
        this.roots = roots;
        this.spanCount = spanCount;
    }

    public static TraceTree of(String traceId, Collection<TraceSpan> spans) {
        Map<String, TraceSpan> byId = new LinkedHashMap<>();
        for (TraceSpan span : spans) {
            byId.merge(span.spanId(), span, (kept, other) -> other.end().isAfter(kept.end()) ? other : kept);
        }
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (TraceSpan span : byId.values()) {
            boolean orphan = !span.root()
                    && (!byId.containsKey(span.parentId()) || span.parentId().equals(span.spanId()));
            nodes.put(span.spanId(), new Node(span, orphan, new ArrayList<>()));
        }
        List<Node> roots = new ArrayList<>();
        for (Node node : nodes.values()) {
            if (node.span().root() || node.orphan()) {
                roots.add(node);
            } else {
                nodes.get(node.span().parentId()).children().add(node);
            }
        }
        // spans whose parents form a cycle are reachable from no root: cut each cycle and show it as an orphan
        Set<String> reached = new HashSet<>();
        walk(roots, n -> reached.add(n.span().spanId()));
        for (Node node : nodes.values()) {
            if (!reached.contains(node.span().spanId())) {
                nodes.get(node.span().parentId()).children().remove(node);
                Node orphan = new Node(node.span(), true, node.children());
                roots.add(orphan);
                walk(List.of(orphan), n -> reached.add(n.span().spanId()));
            }
        }
        roots.sort(BY_START);
        for (Node node : nodes.values()) {
            node.children().sort(BY_START);
        }
        return new TraceTree(traceId, List.copyOf(roots), byId.size());
    }

    private static void walk(List<Node> from, java.util.function.Consumer<Node> visit) {
        Deque<Node> todo = new ArrayDeque<>(from);
        Set<Node> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (!todo.isEmpty()) {
            Node node = todo.pop();
            if (seen.add(node)) {
                visit.accept(node);
                todo.addAll(node.children());
            }
        }
    }

    public String traceId() {
        return traceId;
    }

    public List<Node> roots() {
        return roots;
    }

    public int spanCount() {
        return spanCount;
    }

    public boolean isEmpty() {
        return spanCount == 0;
    }

    /** Every span in depth-first order, children by start, each with its depth. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>(spanCount);
        Deque<Row> todo = new ArrayDeque<>();
        Map<TraceSpan, Node> nodeOf = new java.util.IdentityHashMap<>();
        for (int i = roots.size() - 1; i >= 0; i--) {
            Node root = roots.get(i);
            nodeOf.put(root.span(), root);
            todo.push(new Row(root.span(), 0, root.orphan()));
        }
        while (!todo.isEmpty()) {
            Row row = todo.pop();
            rows.add(row);
            List<Node> children = nodeOf.remove(row.span()).children();
            for (int i = children.size() - 1; i >= 0; i--) {
                Node child = children.get(i);
                nodeOf.put(child.span(), child);
                todo.push(new Row(child.span(), row.depth() + 1, false));
            }
        }
        return rows;
    }

    public List<TraceSpan> orphans() {
        return roots.stream().filter(Node::orphan).map(Node::span).toList();
    }

    public long errorCount() {
        return rows().stream().filter(r -> r.span().error()).count();
    }

    public Instant start() {
        return rows().stream().map(r -> r.span().start()).min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    }

    public Instant end() {
        return rows().stream().map(r -> r.span().end()).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    }

    public Duration duration() {
        return Duration.between(start(), end());
    }

    /** The first true root, else the earliest orphan: what a trace list names the trace by. */
    public TraceSpan rootSpan() {
        return roots.stream().filter(n -> !n.orphan()).findFirst().or(() -> roots.stream().findFirst())
                .map(Node::span).orElse(null);
    }
}
