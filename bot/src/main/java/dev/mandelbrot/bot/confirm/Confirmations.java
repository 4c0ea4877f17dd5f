package dev.mandelbrot.bot.confirm;

import dev.mandelbrot.bot.Caller;
import dev.mandelbrot.bot.command.Command;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open confirmations, in memory: a restart forgets them, which is the safe direction (nothing
 * runs without a fresh yes). Each has an unguessable ID (it travels in the Slack button's value),
 * may be answered once, only by whoever asked, and only before it expires.
 */
public final class Confirmations {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Pending> open = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;

    public Confirmations(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Opens a confirmation for {@code command}. */
    public Pending open(Caller requester, Command command, String text) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        Pending p = new Pending(HexFormat.of().formatHex(b), requester, command, text, clock.instant().plus(ttl));
        purgeExpired();
        open.put(p.id(), p);
        return p;
    }

    /** Answers confirmation {@code id} on behalf of {@code who}. */
    public Resolution answer(String id, Caller who, boolean yes) {
        Pending p = open.get(id);
        if (p == null) {
            return new Resolution.Unknown();
        }
        if (!p.requester().userId().equals(who.userId())) {
            return new Resolution.NotYours(p);
        }
        if (!open.remove(id, p)) {
            return new Resolution.Unknown(); // answered twice at once: the other answer won
        }
        if (clock.instant().isAfter(p.expiresAt())) {
            return new Resolution.Expired(p);
        }
        return yes ? new Resolution.Confirmed(p) : new Resolution.Cancelled(p);
    }

    private void purgeExpired() {
        // Keeps memory bounded; long-expired entries would only ever answer "expired".
        var cutoff = clock.instant().minus(ttl.multipliedBy(10));
        open.values().removeIf(p -> p.expiresAt().isBefore(cutoff));
    }
}
