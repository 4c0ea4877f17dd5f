package dev.mandelbrot.bot;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Why a file the bot keeps (its audit log, its lock file) could not be read or written, in words. */
public final class FileErrors {

    private FileErrors() {
    }

    /**
     * What the system said about {@code e}, naming the path it failed on when that is not
     * {@code file} itself (a folder on the way, say). Java's own messages are the bare path.
     */
    public static String reason(IOException e, Path file) {
        String where = e instanceof FileSystemException f && f.getFile() != null && !f.getFile().equals(file.toString())
                ? ": " + f.getFile() : "";
        return switch (e) {
            case AccessDeniedException a -> "permission denied" + where;
            case NoSuchFileException n -> "no such file or directory" + where;
            case FileAlreadyExistsException f -> "not a directory" + where;
            case FileSystemException f when f.getReason() != null -> f.getReason() + where;
            default -> String.valueOf(e.getMessage());
        };
    }
}
