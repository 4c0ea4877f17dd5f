package dev.mandelbrot.server.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where {@code mandelbrot render} writes its image, and how, so that a failed write is never
 * reported as success and never leaves half an image behind.
 *
 * <ul>
 *   <li>{@code -}: standard output, through the file descriptor itself rather than
 *       {@code System.out} (a {@code PrintStream} swallows write errors: a full disk gave exit 0).</li>
 *   <li>A path: symbolic links are followed to the file they name. A regular file (or a new one)
 *       is written to a temporary sibling and renamed over the target, so the target holds either
 *       the old file or the whole new one; it keeps the old file's permissions. A device or a
 *       named pipe is written directly (a rename would replace it). A writable file in a directory
 *       we may not write is overwritten in place: the one case that can leave a partial file.</li>
 * </ul>
 * The temporary file is deleted on any failure and, by a shutdown hook, when the JVM is stopped
 * by a signal (SIGTERM, Ctrl-C) mid-write.
 */
final class ImageOutput {

    /** Writes an image's bytes to a stream (the encoder, bound to its field and format). */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    static final String STANDARD_OUTPUT = "-";

    /** Code points of the target's name kept in the temporary name: 32 of at most 4 bytes stay far below NAME_MAX. */
    private static final int NAME_KEPT = 32;
    private static final int MAX_LINKS = 40;
    /** Bytes in one file name on Linux's usual file systems (NAME_MAX). */
    private static final int NAME_MAX = 255;
    private static final AtomicInteger TEMPORARIES = new AtomicInteger();

    private final String name;

    ImageOutput(String name) {
        this.name = name;
    }

    boolean isStandardOutput() {
        return name.equals(STANDARD_OUTPUT);
    }

    /**
     * Checks, before any rendering, what can be checked of the write: that the directory exists
     * and that the target can be replaced or written. Passing it does not promise the write works
     * (the disk may fill); failing it saves the render.
     *
     * @throws IOException saying what is wrong ({@link #describe})
     */
    void check() throws IOException {
        if (isStandardOutput()) {
            return;
        }
        Path named = Path.of(name);
        if (Files.exists(named) && !Files.isRegularFile(named) && !Files.isDirectory(named)) {
            if (!Files.isWritable(named)) {
                throw new AccessDeniedException(name);
            }
            return; // a device, FIFO or pipe: written in place (see write)
        }
        Path target = target();
        if (Files.isDirectory(target)) {
            throw new FileSystemException(name, null, "is a directory");
        }
        if (target.getFileName().toString().getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
            // the system would say so only at the write, after a render of maybe minutes
            throw new FileSystemException(name, null, "file name too long (at most " + NAME_MAX + " bytes)");
        }
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(target.toString()); // describe tells a missing folder from a file
        }
        boolean exists = Files.exists(target);
        boolean replaceable = (!exists || Files.isRegularFile(target)) && Files.isWritable(dir);
        if (!replaceable && !(exists && Files.isWritable(target))) {
            throw new AccessDeniedException(name);
        }
    }

    /**
     * Writes the image.
     *
     * @return the number of bytes written
     * @throws IOException if any write failed (the target then holds what it held before, but
     *     for the in-place and direct cases described in the class comment)
     */
    long write(Body body) throws IOException {
        if (isStandardOutput()) {
            // Not closed: fd 1 is the process's, and closing it here would surprise a test harness.
            var out = new Counting(new FileOutputStream(FileDescriptor.out));
            var buffered = new BufferedOutputStream(out, 1 << 16);
            body.writeTo(buffered);
            buffered.flush();
            return out.count;
        }
        Path named = Path.of(name);
        if (Files.exists(named) && !Files.isRegularFile(named) && !Files.isDirectory(named)) {
            // a device, FIFO or pipe (/dev/stdout): renaming over it would replace it. Asked of the
            // name itself, whose links the system follows: /dev/stdout's chain ends in /proc's
            // "pipe:[N]", which is no path to write a temporary file beside
            return writeDirectly(named, body);
        }
        Path target = target();
        Path temp = target.resolveSibling(temporaryName(target));
        // The hook is in place before the file exists: a SIGTERM right after its creation (seen
        // once in CI, between the two) would otherwise leave it behind.
        Thread cleanup = new Thread(() -> deleteQuietly(temp), "delete " + temp.getFileName());
        Runtime.getRuntime().addShutdownHook(cleanup);
        boolean created = false;
        try {
            OutputStream file;
            try {
                // Not Files.createTempFile: that makes the file owner-only, and a new image would keep it.
                file = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                created = true;
            } catch (AccessDeniedException e) {
                if (Files.isRegularFile(target) && Files.isWritable(target)) {
                    return writeDirectly(target, body); // the directory is read-only, the file is not
                }
                throw new AccessDeniedException(name);
            }
            long bytes;
            try (var counting = new Counting(file); var buffered = new BufferedOutputStream(counting, 1 << 16)) {
                body.writeTo(buffered);
                buffered.flush();
                bytes = counting.count;
            }
            if (Files.isRegularFile(target)) {
                keepPermissions(target, temp);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return bytes;
        } finally {
            if (created) {
                Files.deleteIfExists(temp);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it deletes what is left
            }
        }
    }

    /**
     * The file to write: the name with symbolic links followed (a link's target may not exist
     * yet), so the rename replaces the file the link points at, not the link.
     */
    Path target() throws IOException {
        Path p = Path.of(name).toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == MAX_LINKS) {
                throw new FileSystemException(name, null, "too many levels of symbolic links");
            }
            p = p.resolveSibling(Files.readSymbolicLink(p)); // relative links are relative to their directory
        }
        return p;
    }

    /** Whether {@code e} is the reader of standard output having gone away (a closed pipe). */
    boolean isClosedPipe(IOException e) {
        return isStandardOutput() && e.getMessage() != null && e.getMessage().contains("Broken pipe");
    }

    /** A short reason for a failed write, for {@code cannot write FILE: reason}. */
    static String describe(IOException e) {
        return switch (e) {
            case NoSuchFileException n -> missing(n);
            case AccessDeniedException a -> "permission denied";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
    }

    /**
     * Why a file could not be created: its folder is missing, is a file, or exists but takes no
     * new files (such as {@code /proc}): the system says "no such file" for all three.
     */
    private static String missing(NoSuchFileException e) {
        Path parent = e.getFile() == null ? null : Path.of(e.getFile()).toAbsolutePath().getParent();
        if (parent == null || !Files.exists(parent)) {
            return "no such directory";
        }
        return Files.isDirectory(parent) ? "cannot create a file in " + parent : "not a directory: " + parent;
    }

    private static long writeDirectly(Path target, Body body) throws IOException {
        try (var counting = new Counting(Files.newOutputStream(target, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)); var buffered = new BufferedOutputStream(counting, 1 << 16)) {
            body.writeTo(buffered);
            buffered.flush();
            return counting.count;
        }
    }

    /** {@code .NAME.PID.N.part}, NAME cut short: a 249-character target name must still leave room. */
    private static String temporaryName(Path target) {
        String fileName = target.getFileName().toString();
        int cut = fileName.offsetByCodePoints(0, Math.min(NAME_KEPT, fileName.codePointCount(0, fileName.length())));
        return "." + fileName.substring(0, cut) + "." + ProcessHandle.current().pid() + "."
                + TEMPORARIES.incrementAndGet() + ".part";
    }

    private static void keepPermissions(Path from, Path to) throws IOException {
        try {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        } catch (UnsupportedOperationException notPosix) {
            // nothing to keep on this file system
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // shutting down: nobody is left to tell
        }
    }

    /** Counts the bytes that reached the stream below. */
    private static final class Counting extends FilterOutputStream {
        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
