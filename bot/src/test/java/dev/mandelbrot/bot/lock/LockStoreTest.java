package dev.mandelbrot.bot.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockStoreTest {

    @TempDir
    Path dir;

    @Test
    void locksSurviveARestartAndTheFirstHolderKeepsTheLock() {
        Path file = dir.resolve("state/locks.json");
        EnvLock alice = new EnvLock("UA", "alice", "freeze", Instant.parse("2026-11-29T02:00:00Z"));
        EnvLock bob = new EnvLock("UB", "bob", "mine", Instant.parse("2026-11-29T02:01:00Z"));

        assertThat(new LockStore(file).lock("production", alice)).isEqualTo(alice);
        LockStore restarted = new LockStore(file);
        assertThat(restarted.holder("production")).contains(alice);
        assertThat(restarted.lock("production", bob)).isEqualTo(alice);
        assertThat(restarted.holder("staging")).isEmpty();

        assertThat(restarted.unlock("production")).contains(alice);
        assertThat(new LockStore(file).holder("production")).isEmpty();
        assertThat(restarted.unlock("production")).isEmpty();
    }
}
