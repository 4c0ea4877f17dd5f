package dev.mandelbrot.bot.lock;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mandelbrot.bot.BotError;
import dev.mandelbrot.bot.FileErrors;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Environment locks, persisted in a small JSON file next to the bot. A file rather than the
 * revisions bucket because the bucket is shared with the pipeline and the instances (whose IAM
 * roles should stay read or upload only), because a local file needs no AWS call on every deploy,
 * and because one bot process owns it. Every change rewrites the file through a temporary file
 * and an atomic rename, so a crash leaves the old or the new state, never half of one.
 *
 * <p>A lock file that cannot be read or written (not JSON, emptied by hand, a folder that cannot
 * be written) is a {@link BotError} that says so, and refuses the command: a deploy must not go
 * ahead on the guess that nothing is locked. The fronts check it at start-up ({@link #check}).
 */
public final class LockStore {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
    private final Path file;

    public LockStore(Path file) {
        this.file = file;
    }

    /** The lock on {@code env}, if any. */
    public synchronized Optional<EnvLock> holder(String env) {
        return Optional.ofNullable(refusing(this::read).get(env));
    }

    /** Locks {@code env} unless it is already locked; returns the lock in force afterwards. */
    public synchronized EnvLock lock(String env, EnvLock lock) {
        return refusing(() -> {
            Map<String, EnvLock> all = read();
            EnvLock existing = all.get(env);
            if (existing != null) {
                return existing;
            }
            all.put(env, lock);
            write(all);
            return lock;
        });
    }

    /** Removes the lock on {@code env}; returns the lock removed, if there was one. */
    public synchronized Optional<EnvLock> unlock(String env) {
        return refusing(() -> {
            Map<String, EnvLock> all = read();
            EnvLock removed = all.remove(env);
            if (removed != null) {
                write(all);
            }
            return Optional.ofNullable(removed);
        });
    }

    /**
     * Reads the file, if there is one, and makes sure a new one can be written beside it, changing
     * nothing: the check the fronts make before they take a command.
     *
     * @throws BotError whose message, one line, says what is wrong with which file
     */
    public synchronized void check() {
        read();
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".locks", ".tmp"));
        } catch (IOException e) {
            throw problem("cannot write the lock file " + file + " (" + FileErrors.reason(e, file) + ")");
        }
    }

    /** {@code action}, with a lock-file problem turned into a refusal of the command. */
    private <T> T refusing(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (BotError e) {
            throw new BotError(e.kind(), "Refused: " + e.getMessage() + "; nothing was done.");
        }
    }

    private Map<String, EnvLock> read() {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        Map<String, EnvLock> all;
        try {
            all = JSON.readValue(file.toFile(), new TypeReference<Map<String, EnvLock>>() {});
        } catch (JsonProcessingException e) {
            throw problem("the lock file " + file + " is not valid JSON (" + jsonReason(e) + ")");
        } catch (IOException e) {
            throw problem("cannot read the lock file " + file + " (" + FileErrors.reason(e, file) + ")");
        }
        if (all == null || all.containsValue(null)) {
            throw problem("the lock file " + file + " is not valid JSON (not an object of locks by environment)");
        }
        return new TreeMap<>(all);
    }

    private void write(Map<String, EnvLock> all) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".locks", ".tmp");
            try {
                JSON.writeValue(tmp.toFile(), all);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw problem("cannot write the lock file " + file + " (" + FileErrors.reason(e, file) + ")");
        }
    }

    private static BotError problem(String message) {
        return new BotError(BotError.Kind.UNAVAILABLE, message);
    }

    /** Jackson's complaint without its Java type names, with where in the file it is. */
    private static String jsonReason(JsonProcessingException e) {
        String what = String.valueOf(e.getOriginalMessage());
        if (what.startsWith("No content to map due to end-of-input")) {
            return "the file is empty";
        }
        what = what.lines().findFirst().orElse("").replaceAll(" \\(for [^)]*\\)", "")
                .replaceAll("`[a-z]+(\\.[a-zA-Z$]+)+`", "a lock");
        JsonLocation at = e.getLocation();
        return what + (at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr());
    }
}
