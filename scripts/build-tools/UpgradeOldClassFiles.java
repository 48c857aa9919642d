import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Build step (pom.xml, after the shade plugin): rewrites the class files in the jar that are older
 * than Java 6 (class file version 50; picocli ships version 49) as Java 8 class files with stack map
 * frames. The JDK's class-data-sharing archives skip such old classes (JDK 25's AOT cache always,
 * JDK 17's archive verifies them at every start), so the CLI model was parsed from the jar on every
 * run; as Java 8 classes they are archived like the rest. Nothing but the version and the frames
 * changes. Every rewritten class is then loaded, verified and initialised once, so a bad rewrite fails
 * the build instead of a user's run.
 *
 * <pre>java -cp asm.jar scripts/build-tools/UpgradeOldClassFiles.java target/tracecheck.jar</pre>
 */
public final class UpgradeOldClassFiles {
    private static final int OLDEST_ARCHIVED = 50;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path upgraded = jar.resolveSibling(jar.getFileName() + ".upgrading");
        List<String> rewritten = new ArrayList<>();
        try (URLClassLoader original = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
             ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(upgraded))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().endsWith(".class") && version(bytes) < OLDEST_ARCHIVED) {
                    bytes = upgrade(bytes, original);
                    rewritten.add(entry.getName());
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        verify(upgraded, rewritten);
        Files.move(upgraded, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int version(byte[] classFile) {
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    private static byte[] upgrade(byte[] classFile, ClassLoader hierarchy) {
        // frames need the common superclass of two types: asked of the jar's own classes, never this tool's
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
                return hierarchy;
            }
        };
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }

    /** Loads and initialises every rewritten class from the new jar: the type-checking verifier runs on each. */
    private static void verify(Path jar, List<String> rewritten) throws IOException, ClassNotFoundException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String entry : rewritten) {
                String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
                Class.forName(name, true, loader);
            }
        } catch (VerifyError | ClassFormatError e) {
            Files.deleteIfExists(jar);
            throw e;
        }
    }

    private UpgradeOldClassFiles() {
    }
}
