package dev.mandelbrot.bot;

import dev.mandelbrot.bot.audit.AuditEntry;
import dev.mandelbrot.bot.audit.AuditLog;
import dev.mandelbrot.bot.audit.AuditUnavailable;
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
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command core both fronts share: parse, policy, confirmation, execution, audit. Every
 * step that ends a command's life (invalid, denied, cancelled, expired, succeeded, failed) is
 * audited, and every text that leaves here has had the tokens scrubbed out of it.
 *
 * <p>Nothing changes unaudited: a mutating command is refused, with nothing done, unless the
 * audit log can be written right before it runs. Once a change has been made, though, a failure
 * to record it must not hide its result (the user would not learn the deployment's ID, and
 * might try again): the reply then carries a warning instead.
 */
public final class Mandelbot {

    private static final Logger LOG = LoggerFactory.getLogger(Mandelbot.class);
    /** Unicode white space and separators, and the invisible zero-width space and BOM. */
    private static final Pattern UNICODE_SPACE = Pattern.compile("[\\s\\p{Z}\\u200B\\uFEFF]+", Pattern.UNICODE_CHARACTER_CLASS);
    private final BotConfig config;
    private final CommandParser parser;
    private final Policy policy;
    private final Confirmations confirmations;
    private final Executor executor;
    private final AuditLog audit;
    private final LockStore locks;
    private final Secrets secrets;
    private final Clock clock;

    public Mandelbot(BotConfig config, Services services, Secrets secrets, Clock clock, Sleeper sleeper) {
        this.config = config;
        this.parser = new CommandParser(config.environments().keySet(), config.defaultEnvironment());
        this.policy = new Policy(config);
        this.confirmations = new Confirmations(clock, config.confirmationTtl());
        this.locks = new LockStore(config.lockFile());
        this.executor = new Executor(config, services, locks, clock, sleeper, secrets::redact);
        this.audit = new AuditLog(config.auditLog(), secrets::redact);
        this.secrets = secrets;
        this.clock = clock;
    }

    /**
     * Fails unless the audit log can be appended to; the fronts call this before they take any
     * command, so that a misconfigured audit path stops the bot at start-up rather than after a change.
     *
     * @throws AuditUnavailable with a one-line message for the operator
     */
    public void requireAudit() {
        audit.checkWritable();
    }

    /**
     * Fails unless the lock file can be read (if there is one) and written; checked at start-up
     * with the audit log, so that a broken lock file is one line then, not a refusal of every deploy.
     *
     * @throws dev.mandelbrot.bot.BotError with a one-line message for the operator
     */
    public void requireLocks() {
        locks.check();
    }

    /** {@code text} with every known token scrubbed out, for a front that echoes what it was sent. */
    public String redact(String text) {
        return secrets.redact(text);
    }

    /** Reads one command line from {@code caller}: a reply, a question, or a go-ahead to {@link #execute}. */
    public Outcome submit(Caller caller, String text) {
        // Any Unicode space separates words (a non-breaking one pasted from a chat or a document too).
        String typed = text == null ? "" : UNICODE_SPACE.matcher(text).replaceAll(" ").strip();
        Command command;
        try {
            command = parser.parse(typed);
        } catch (ParseException e) {
            return recorded(reply(e.getMessage(), false), caller, typed, "invalid", e.getMessage());
        }
        // From here on the command line is only echoed (acks, prompts, "Confirmed by"): a token
        // pasted into it must not leave the bot that way either.
        String line = secrets.redact(typed);
        if (policy.decide(caller, command) instanceof Decision.Deny(String reason)) {
            return recorded(reply("Denied: " + reason + ".", false), caller, line, "denied", reason);
        }
        boolean confirm = command.mutating() && config.environment(command.environment()).orElseThrow().confirm();
        try {
            if (confirm) {
                Pending p = confirmations.open(caller, command, line);
                // Should this fail, the confirmation stays open but its ID was never shown: it just expires.
                record(caller, line, "awaiting-confirmation", "expires " + p.expiresAt());
                String prompt = "Confirm in " + command.environment() + ": `" + line + "`? (expires in "
                        + config.confirmationSeconds() + "s)";
                return new Outcome.Confirm(p.id(), secrets.redact(prompt), p.expiresAt());
            }
            if (command.mutating()) {
                audit.checkWritable();
            }
        } catch (AuditUnavailable e) {
            return unaudited(e);
        }
        return new Outcome.Run(command, line);
    }

    /** Answers an open confirmation; on a timely yes from its requester, the go-ahead to execute. */
    public Outcome answer(String id, Caller caller, boolean yes) {
        return switch (confirmations.answer(id, caller, yes)) {
            case Resolution.Confirmed(Pending p) -> {
                try {
                    record(p.requester(), p.text(), "confirmed", "");
                } catch (AuditUnavailable e) {
                    yield unaudited(e);
                }
                yield new Outcome.Run(p.command(), p.text());
            }
            case Resolution.Cancelled(Pending p) -> recorded(reply("Cancelled: `" + p.text() + "`.", false),
                    p.requester(), p.text(), "cancelled", "");
            case Resolution.Expired(Pending p) -> recorded(
                    reply("Expired: `" + p.text() + "` was not confirmed in time; nothing was done. Ask again.", false),
                    p.requester(), p.text(), "expired", "");
            case Resolution.NotYours(Pending p) -> recorded(
                    reply("Only " + p.requester().userName() + " can confirm `" + p.text() + "`.", false),
                    caller, p.text(), "denied", "confirmation belongs to " + p.requester().userId());
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
        return recorded(clean, caller, text, r.ok() ? "succeeded" : "failed", clean.text());
    }

    private Outcome.Reply reply(String text, boolean ok) {
        return new Outcome.Reply(secrets.redact(text), ok);
    }

    /** A refusal because nothing may change unaudited. */
    private Outcome.Reply unaudited(AuditUnavailable e) {
        LOG.error("refused a command: {}", secrets.redact(e.getMessage()));
        return reply("Refused: " + e.getMessage() + "; nothing was done.", false);
    }

    /**
     * {@code r} once its audit entry is written; if that fails, {@code r} all the same (what was
     * done is done, and the user must see it) with a warning that the audit trail misses it.
     */
    private Outcome.Reply recorded(Outcome.Reply r, Caller caller, String command, String outcome, String detail) {
        try {
            record(caller, command, outcome, detail);
            return r;
        } catch (AuditUnavailable e) {
            String warning = secrets.redact(e.getMessage() + "; this " + outcome + " command is missing from the audit trail");
            LOG.error("{}: `{}`", warning, secrets.redact(command));
            return new Outcome.Reply(r.text(), r.ok(), Optional.of(warning));
        }
    }

    private void record(Caller caller, String command, String outcome, String detail) {
        String d = detail.length() > 2000 ? detail.substring(0, 2000) + "..." : detail;
        audit.append(new AuditEntry(clock.instant(), caller.front().name().toLowerCase(java.util.Locale.ROOT),
                caller.userId(), caller.userName(), caller.channel(), command, outcome, d));
    }
}
