package dev.mandelbrot.bot.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mandelbrot.bot.FileErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.UnaryOperator;

/**
 * The append-only audit trail: one JSON object per line. The file is opened with
 * {@code APPEND} for every entry and never truncated, rewritten or read back by the bot; log
 * rotation, if any, is the operator's business (a new file simply starts).
 */
public final class AuditLog {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    private final Path file;
    private final UnaryOperator<String> redact;

    /** {@code redact} scrubs secrets out of every text field before it is written. */
    public AuditLog(Path file, UnaryOperator<String> redact) {
        this.file = file;
        this.redact = redact;
    }

    public Path file() {
        return file;
    }

    /**
     * Opens the file for appending exactly as {@link #append} does, writing nothing: the check the
     * fronts make before they take a command, and the core before it changes anything.
     *
     * @throws AuditUnavailable when an entry could not be appended now
     */
    public synchronized void checkWritable() {
        write(new byte[0]);
    }

    /**
     * Appends {@code e} as one line; fails loudly, since an unaudited command must not pass silently.
     *
     * @throws AuditUnavailable when the file cannot be appended to
     */
    public synchronized void append(AuditEntry e) {
        AuditEntry clean = new AuditEntry(e.timestamp(), e.front(), redact.apply(e.user()), redact.apply(e.userName()),
                redact.apply(e.channel()), redact.apply(e.command()), e.outcome(), redact.apply(e.detail()));
        byte[] line;
        try {
            line = (JSON.writeValueAsString(new Line(clean.timestamp().toString(), clean.front(), clean.user(),
                    clean.userName(), clean.channel(), clean.command(), clean.outcome(), clean.detail())) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("audit entry not serializable", ex);
        }
        write(line);
    }

    private void write(byte[] line) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        } catch (IOException ex) {
            throw new AuditUnavailable("cannot write the audit log " + file + " (" + FileErrors.reason(ex, file) + ")");
        }
    }

    /** The serialized shape: the timestamp as ISO-8601 text, fields in a fixed order. */
    private record Line(String timestamp, String front, String user, String userName, String channel,
            String command, String outcome, String detail) {}
}
