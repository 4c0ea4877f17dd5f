package dev.mandelbrot.bot.confirm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mandelbrot.bot.Caller;
import dev.mandelbrot.bot.MutableClock;
import dev.mandelbrot.bot.command.Command;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConfirmationsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Confirmations confirmations = new Confirmations(clock, Duration.ofSeconds(60));
    private final Caller alice = new Caller(Caller.Front.SLACK, "UA", "alice", "C1");
    private final Caller bob = new Caller(Caller.Front.SLACK, "UB", "bob", "C1");
    private final Command rollback = new Command.Rollback("production");

    @Test
    void aTimelyYesFromTheRequesterConfirmsOnce() {
        Pending p = confirmations.open(alice, rollback, "rollback");
        clock.advance(Duration.ofSeconds(60));
        assertThat(confirmations.answer(p.id(), alice, true)).isEqualTo(new Resolution.Confirmed(p));
        assertThat(confirmations.answer(p.id(), alice, true)).isInstanceOf(Resolution.Unknown.class);
    }

    @Test
    void noCancels() {
        Pending p = confirmations.open(alice, rollback, "rollback");
        assertThat(confirmations.answer(p.id(), alice, false)).isEqualTo(new Resolution.Cancelled(p));
    }

    @Test
    void aLateYesIsExpired() {
        Pending p = confirmations.open(alice, rollback, "rollback");
        clock.advance(Duration.ofSeconds(61));
        assertThat(confirmations.answer(p.id(), alice, true)).isEqualTo(new Resolution.Expired(p));
    }

    @Test
    void someoneElsesAnswerLeavesItOpen() {
        Pending p = confirmations.open(alice, rollback, "rollback");
        assertThat(confirmations.answer(p.id(), bob, true)).isEqualTo(new Resolution.NotYours(p));
        assertThat(confirmations.answer(p.id(), alice, true)).isInstanceOf(Resolution.Confirmed.class);
    }

    @Test
    void idsAreUnguessable() {
        Pending a = confirmations.open(alice, rollback, "rollback");
        Pending b = confirmations.open(alice, rollback, "rollback");
        assertThat(a.id()).hasSize(32).isNotEqualTo(b.id());
        assertThat(confirmations.answer("0".repeat(32), alice, true)).isInstanceOf(Resolution.Unknown.class);
    }
}
