package dev.mandelbrot.bot.lock;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
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
        return Optional.ofNullable(read().get(env));
    }

    /** Locks {@code env} unless it is already locked; returns the lock in force afterwards. */
    public synchronized EnvLock lock(String env, EnvLock lock) {
        Map<String, EnvLock> all = read();
        EnvLock existing = all.get(env);
        if (existing != null) {
            return existing;
        }
        all.put(env, lock);
        write(all);
        return lock;
    }

    /** Removes the lock on {@code env}; returns the lock removed, if there was one. */
    public synchronized Optional<EnvLock> unlock(String env) {
        Map<String, EnvLock> all = read();
        EnvLock removed = all.remove(env);
        if (removed != null) {
            write(all);
        }
        return Optional.ofNullable(removed);
    }

    private Map<String, EnvLock> read() {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        try {
            return new TreeMap<>(JSON.readValue(file.toFile(), new TypeReference<Map<String, EnvLock>>() {}));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read lock file " + file, e);
        }
    }

    private void write(Map<String, EnvLock> all) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".locks", ".tmp");
            JSON.writeValue(tmp.toFile(), all);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write lock file " + file, e);
        }
    }
}
