package io.tracecheck.propagation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where, in the project around the shell, the lines a fix edits live: the backend's flask-cors call
 * (or the module that creates the Flask app) and the frontend's fetch/XHR instrumentation. A bounded
 * walk (depth, files, bytes) that skips dependencies and build output; finding nothing only makes
 * the fix less exact.
 */
record AppFiles(Optional<Found> corsCall, Optional<Found> flaskApp, List<Found> frontendInstrumentation) {
    private static final int MAX_DEPTH = 6;
    private static final int MAX_FILES = 4_000;
    private static final long MAX_BYTES = 512 * 1024;
    private static final Set<String> SKIPPED = Set.of("node_modules", ".git", "venv", ".venv", "env", "__pycache__",
            "site-packages", "build", "dist", "target", ".next", ".cache", "coverage");
    private static final Pattern CORS_CALL = Pattern.compile("\\bCORS\\s*\\(");
    private static final Pattern FLASK_APP = Pattern.compile("\\bFlask\\s*\\(\\s*__name__");
    private static final Pattern WEB_INSTRUMENTATION = Pattern.compile(
            "FetchInstrumentation|XMLHttpRequestInstrumentation|getWebAutoInstrumentations");

    /** A line of a file: what an edit names. */
    record Found(Path file, int line, String text, boolean propagatesToOtherOrigins) {
    }

    static AppFiles in(Optional<Path> root) {
        if (root.isEmpty() || !Files.isDirectory(root.get())) {
            return new AppFiles(Optional.empty(), Optional.empty(), List.of());
        }
        List<Found> cors = new ArrayList<>();
        List<Found> flask = new ArrayList<>();
        List<Found> frontend = new ArrayList<>();
        int[] files = {0};
        try {
            Files.walkFileTree(root.get(), EnumSet.noneOf(java.nio.file.FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(root.get()) && SKIPPED.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (++files[0] > MAX_FILES) {
                        return FileVisitResult.TERMINATE;
                    }
                    String name = file.getFileName().toString();
                    if (!attrs.isRegularFile() || attrs.size() > MAX_BYTES) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (name.endsWith(".py")) {
                        scan(file, CORS_CALL, false).ifPresent(cors::add);
                        scan(file, FLASK_APP, false).ifPresent(flask::add);
                    } else if (name.matches(".*\\.(js|jsx|ts|tsx|mjs|cjs)") && !name.endsWith(".min.js")) {
                        scan(file, WEB_INSTRUMENTATION, true).ifPresent(frontend::add);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | RuntimeException e) {
            // an unreadable tree only makes the fix less exact
        }
        return new AppFiles(cors.stream().findFirst(), flask.stream().findFirst(), List.copyOf(frontend));
    }

    private static Optional<Found> scan(Path file, Pattern pattern, boolean frontend) {
        List<String> lines;
        try {
            lines = List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        boolean propagates = frontend && lines.stream().anyMatch(l -> l.contains("propagateTraceHeaderCorsUrls"));
        for (int i = 0; i < lines.size(); i++) {
            if (pattern.matcher(lines.get(i)).find()) {
                return Optional.of(new Found(file.toAbsolutePath().normalize(), i + 1, lines.get(i).strip(), propagates));
            }
        }
        return Optional.empty();
    }
}
