package io.tracecheck.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading a file the user named (an env file, a compose file) without trusting it to be one:
 * only a regular file is opened (a FIFO would block the open, /dev/zero never ends), and at most
 * {@code max} bytes are read, whatever size the file claims.
 */
public final class RegularFile {
    private RegularFile() {
    }

    /** Why a file was not read, in a few words that follow its name ("is a directory"). */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason);
        }
    }

    public static byte[] read(Path path, long max) throws Refused {
        if (path.toString().isEmpty()) {
            throw new Refused("no file name given");
        }
        if (Files.isDirectory(path)) {
            throw new Refused("is a directory, not a file");
        }
        if (!Files.exists(path)) {
            throw new Refused("no such file");
        }
        // checked before open: opening a FIFO for reading waits for a writer that may never come
        if (!Files.isRegularFile(path)) {
            throw new Refused("is not a regular file (a device, a FIFO or a socket)");
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw new Refused("larger than " + Sizes.describe(max));
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new Refused("no such file");
        } catch (AccessDeniedException e) {
            throw new Refused("cannot be read: permission denied");
        } catch (IOException e) {
            throw new Refused("cannot be read: " + e.getMessage());
        }
    }

    /** Sizes as a limit reads: "1 MiB", "512 KiB", "300 bytes". */
    static final class Sizes {
        private Sizes() {
        }

        static String describe(long bytes) {
            if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
                return bytes / (1 << 20) + " MiB";
            }
            if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
                return bytes / (1 << 10) + " KiB";
            }
            return bytes + " bytes";
        }
    }
}
