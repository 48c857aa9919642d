package io.tracecheck.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Reads a command class's annotations ahead of picocli, on another thread than the one building the
 * model. The JDK parses a member's annotations once and generates a proxy class per annotation type
 * at run time (no class-data archive of JDK 17 can hold them); both are cached where picocli's own
 * reflection finds them, so the model's thread finds the subcommand's work done. Reading annotations
 * initialises none of our classes, so it cannot contend with the model's thread for a class's
 * initialisation.
 */
final class Annotations {
    private Annotations() {
    }

    /** Reads the annotations of {@code type}, its superclasses and its mixins; nothing for null. */
    static void readAhead(Class<?> type) {
        try {
            read(type, 0);
        } catch (RuntimeException | LinkageError onlyAHeadStart) {
            // picocli reads the same annotations itself and reports what is wrong with them
        }
    }

    private static void read(Class<?> type, int depth) {
        for (Class<?> c = type; c != null && c != Object.class && depth < 4; c = c.getSuperclass()) {
            c.getDeclaredAnnotations();
            for (Field field : c.getDeclaredFields()) {
                field.getDeclaredAnnotations();
                if (field.isAnnotationPresent(Mixin.class) || field.isAnnotationPresent(ArgGroup.class)) {
                    read(field.getType(), depth + 1);
                }
            }
            for (Method method : c.getDeclaredMethods()) {
                method.getDeclaredAnnotations();
            }
        }
    }
}
