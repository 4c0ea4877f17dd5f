package dev.mandelbrot.bot.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandelbrot.bot.BotError;
import java.nio.file.Files;
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

    private static final EnvLock ALICE = new EnvLock("UA", "alice", "freeze", Instant.parse("2026-11-29T02:00:00Z"));

    @Test
    void aLockFileThatIsNotJsonRefusesWithWhatIsWrongWithIt() throws Exception {
        Path file = dir.resolve("locks.json");
        Files.writeString(file, "");
        assertThatThrownBy(() -> new LockStore(file).holder("staging")).isInstanceOf(BotError.class)
                .hasMessage("Refused: the lock file " + file + " is not valid JSON (the file is empty); nothing was done.");
        assertThatThrownBy(() -> new LockStore(file).check())
                .hasMessage("the lock file " + file + " is not valid JSON (the file is empty)");

        Files.writeString(file, "{\"staging\": ");
        assertThatThrownBy(() -> new LockStore(file).lock("staging", ALICE)).isInstanceOf(BotError.class)
                .hasMessageStartingWith("Refused: the lock file " + file + " is not valid JSON (")
                .hasMessageContaining("at line 1, column").hasMessageNotContaining("dev.mandelbrot");
        assertThat(Files.readString(file)).as("left as it was").isEqualTo("{\"staging\": ");

        Files.writeString(file, "null");
        assertThatThrownBy(() -> new LockStore(file).unlock("staging")).isInstanceOf(BotError.class)
                .hasMessageContaining("is not valid JSON (not an object of locks by environment)");
    }

    @Test
    void aLockFolderThatCannotBeWrittenRefusesWithWhatIsWrongWithIt() throws Exception {
        Path notAFolder = dir.resolve("state");
        Files.writeString(notAFolder, "");
        Path file = notAFolder.resolve("locks.json");
        assertThatThrownBy(() -> new LockStore(file).lock("staging", ALICE)).isInstanceOf(BotError.class)
                .hasMessage("Refused: cannot write the lock file " + file + " (not a directory: " + notAFolder
                        + "); nothing was done.");
        assertThatThrownBy(() -> new LockStore(file).check())
                .hasMessage("cannot write the lock file " + file + " (not a directory: " + notAFolder + ")");
        new LockStore(dir.resolve("fine/locks.json")).check();
        try (var left = Files.list(dir.resolve("fine"))) {
            assertThat(left).as("the check leaves nothing behind").isEmpty();
        }
    }
}
