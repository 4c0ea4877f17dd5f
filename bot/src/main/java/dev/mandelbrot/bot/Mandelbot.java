package dev.mandelbrot.bot;

import dev.mandelbrot.bot.audit.AuditEntry;
import dev.mandelbrot.bot.audit.AuditLog;
import dev.mandelbrot.bot.command.Command;
import dev.mandelbrot.bot.command.CommandParser;
import dev.mandelbrot.bot.command.ParseException;
import dev.mandelbrot.bot.config.BotConfig;
import dev.mandelbrot.bot.config.Secrets;
import dev.mandelbrot.bot.confirm.Confirmations;
import dev.mandelbrot.bot.confirm.Pending;
import dev.mandelbrot.bot.confirm.Resolution;
import dev.mandelbrot.bot.lock.LockStore;
import dev.mandelbrot.bot.ops.Executor;
import dev.mandelbrot.bot.ops.Services;
import dev.mandelbrot.bot.policy.Decision;
import dev.mandelbrot.bot.policy.Policy;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command core both fronts share: parse, policy, confirmation, execution, audit. Every
 * step that ends a command's life (invalid, denied, cancelled, expired, succeeded, failed) is
 * audited, and every text that leaves here has had the tokens scrubbed out of it.
 */
public final class Mandelbot {

    private static final Logger LOG = LoggerFactory.getLogger(Mandelbot.class);
    private final BotConfig config;
    private final CommandParser parser;
    private final Policy policy;
    private final Confirmations confirmations;
    private final Executor executor;
    private final AuditLog audit;
    private final Secrets secrets;
    private final Clock clock;

    public Mandelbot(BotConfig config, Services services, Secrets secrets, Clock clock, Sleeper sleeper) {
        this.config = config;
        this.parser = new CommandParser(config.environments().keySet(), config.defaultEnvironment());
        this.policy = new Policy(config);
        this.confirmations = new Confirmations(clock, config.confirmationTtl());
        this.executor = new Executor(config, services, new LockStore(config.lockFile()), clock, sleeper);
        this.audit = new AuditLog(config.auditLog(), secrets::redact);
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Reads one command line from {@code caller}: a reply, a question, or a go-ahead to {@link #execute}. */
    public Outcome submit(Caller caller, String text) {
        String line = text == null ? "" : text.strip();
        Command command;
        try {
            command = parser.parse(line);
        } catch (ParseException e) {
            record(caller, line, "invalid", e.getMessage());
            return reply(e.getMessage(), false);
        }
        if (policy.decide(caller, command) instanceof Decision.Deny(String reason)) {
            record(caller, line, "denied", reason);
            return reply("Denied: " + reason + ".", false);
        }
        boolean confirm = command.mutating() && config.environment(command.environment()).orElseThrow().confirm();
        if (confirm) {
            Pending p = confirmations.open(caller, command, line);
            record(caller, line, "awaiting-confirmation", "expires " + p.expiresAt());
            String prompt = "Confirm in " + command.environment() + ": `" + line + "`? (expires in "
                    + config.confirmationSeconds() + "s)";
            return new Outcome.Confirm(p.id(), secrets.redact(prompt), p.expiresAt());
        }
        return new Outcome.Run(command, line);
    }

    /** Answers an open confirmation; on a timely yes from its requester, the go-ahead to execute. */
    public Outcome answer(String id, Caller caller, boolean yes) {
        return switch (confirmations.answer(id, caller, yes)) {
            case Resolution.Confirmed(Pending p) -> {
                record(p.requester(), p.text(), "confirmed", "");
                yield new Outcome.Run(p.command(), p.text());
            }
            case Resolution.Cancelled(Pending p) -> {
                record(p.requester(), p.text(), "cancelled", "");
                yield reply("Cancelled: `" + p.text() + "`.", false);
            }
            case Resolution.Expired(Pending p) -> {
                record(p.requester(), p.text(), "expired", "");
                yield reply("Expired: `" + p.text() + "` was not confirmed in time; nothing was done. Ask again.", false);
            }
            case Resolution.NotYours(Pending p) -> {
                record(caller, p.text(), "denied", "confirmation belongs to " + p.requester().userId());
                yield reply("Only " + p.requester().userName() + " can confirm `" + p.text() + "`.", false);
            }
            case Resolution.Unknown u -> reply("That confirmation is no longer open.", false);
        };
    }

    /** Runs an allowed command and audits its outcome. */
    public Outcome.Reply execute(Caller caller, Command command, String text, Progress progress) {
        Outcome.Reply r;
        try {
            r = executor.execute(caller, command, line -> progress.post(secrets.redact(line)));
        } catch (RuntimeException e) {
            // Unexpected: the log keeps the type and the (redacted) message, the user a short line.
            LOG.error("command '{}' failed: {}: {}", secrets.redact(text), e.getClass().getName(), secrets.redact(e.getMessage()));
            r = new Outcome.Reply("Internal error while running `" + text + "`; see the bot's log.", false);
        }
        Outcome.Reply clean = reply(r.text(), r.ok());
        record(caller, text, r.ok() ? "succeeded" : "failed", clean.text());
        return clean;
    }

    private Outcome.Reply reply(String text, boolean ok) {
        return new Outcome.Reply(secrets.redact(text), ok);
    }

    private void record(Caller caller, String command, String outcome, String detail) {
        String d = detail.length() > 2000 ? detail.substring(0, 2000) + "..." : detail;
        audit.append(new AuditEntry(clock.instant(), caller.front().name().toLowerCase(java.util.Locale.ROOT),
                caller.userId(), caller.userName(), caller.channel(), command, outcome, d));
    }
}
