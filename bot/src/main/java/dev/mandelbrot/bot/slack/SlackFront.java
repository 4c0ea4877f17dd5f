package dev.mandelbrot.bot.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.webhook.WebhookResponse;
import dev.mandelbrot.bot.Caller;
import dev.mandelbrot.bot.Mandelbot;
import dev.mandelbrot.bot.Outcome;
import dev.mandelbrot.bot.Sleeper;
import dev.mandelbrot.bot.command.Command;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack front: the {@code /mandelbot} slash command, app mentions, and the confirmation
 * buttons, all on one Bolt {@link App}. Bolt verifies request signatures before any handler
 * runs. Handlers only parse, check policy and ack; the command itself runs on {@code work} and
 * answers through the response URL (slash command, buttons) or the Web API (mentions, watch
 * threads), so Slack's three-second ack deadline never depends on AWS.
 */
public final class SlackFront {

    /** The slash command this app registers (see docs/CHATOPS.md). */
    public static final String COMMAND = "/mandelbot";
    static final String CONFIRM = "mandelbot_confirm";
    static final String CANCEL = "mandelbot_cancel";
    private static final Logger LOG = LoggerFactory.getLogger(SlackFront.class);
    /** How many times a post that Slack rate-limited (HTTP 429) is tried again, after its Retry-After. */
    static final int RATE_LIMIT_RETRIES = 3;
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    private static final Pattern DEPLOYMENT_ID = Pattern.compile("\\bd-[A-Z0-9]{9}\\b");

    private final Mandelbot bot;
    private final Executor work;
    private final Sleeper sleeper;
    /** Slack user ID to name, from users.info; failures are not kept, so they are asked again. */
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private static final int NAMES_KEPT = 1000;

    private SlackFront(Mandelbot bot, Executor work, Sleeper sleeper) {
        this.bot = bot;
        this.work = work;
        this.sleeper = sleeper;
    }

    /** A Bolt app wired to {@code bot}; run it over Socket Mode or hand it requests with {@code app.run}. */
    public static App app(AppConfig config, Mandelbot bot, Executor work) {
        return app(config, bot, work, Sleeper.REAL);
    }

    /** As {@link #app(AppConfig, Mandelbot, Executor)}; {@code sleeper} waits out Slack's rate limits. */
    public static App app(AppConfig config, Mandelbot bot, Executor work, Sleeper sleeper) {
        SlackFront front = new SlackFront(bot, work, sleeper);
        App app = new App(config);
        app.command(COMMAND, (req, ctx) -> {
            var p = req.getPayload();
            Caller caller = new Caller(Caller.Front.SLACK, p.getUserId(), p.getUserName(), p.getChannelId());
            Outcome outcome = bot.submit(caller, SlackText.readable(p.getText(), id -> front.nameOf(ctx.client(), id)));
            return switch (outcome) {
                case Outcome.Reply r -> ctx.ack(b -> b.responseType(r.ok() ? "in_channel" : "ephemeral").text(shown(r)));
                case Outcome.Confirm c -> ctx.ack(b -> b.responseType("ephemeral").text(c.prompt())
                        .blocks(confirmBlocks(c)));
                case Outcome.Run run when run.command() instanceof Command.Watch w -> {
                    Topic topic = new Topic(p.getChannelId(), run.text(), caller.userId());
                    // A watch lives in a thread: a parent message in the channel, progress under it.
                    front.work.execute(() -> {
                        Posted parent = front.post(ctx.client(), topic, null,
                                "Watching " + w.deploymentId() + " for <@" + caller.userId() + ">; progress in the thread.", null);
                        if (parent.ok()) {
                            Consumer<String> inThread = t -> front.post(ctx.client(), topic, parent.ts(), t, null);
                            front.runNow(caller, run, topic, inThread, inThread);
                            return;
                        }
                        // The response URL needs no channel membership: the user hears why there
                        // is no thread, and still gets the result (only that: it takes 5 answers at most).
                        respond(topic, () -> ctx.respond(b -> b.responseType("ephemeral").text(cannotPost(parent, run))));
                        front.runNow(caller, run, topic, t -> {},
                                text -> respond(topic, () -> ctx.respond(b -> b.responseType("in_channel").text(text))));
                    });
                    yield ctx.ack();
                }
                case Outcome.Run run -> {
                    Topic topic = new Topic(p.getChannelId(), run.text(), caller.userId());
                    front.runLater(caller, run, topic, t -> {},
                            text -> respond(topic, () -> ctx.respond(b -> b.responseType("in_channel").text(text))));
                    yield ctx.ack(b -> b.responseType("in_channel").text("Running `" + run.text() + "` for <@"
                            + caller.userId() + ">..."));
                }
            };
        });
        app.event(AppMentionEvent.class, (req, ctx) -> {
            AppMentionEvent e = req.getEvent();
            String thread = e.getThreadTs() != null ? e.getThreadTs() : e.getTs();
            // Events carry only the user's ID; replies, descriptions and locks name them as slash commands do.
            Caller caller = new Caller(Caller.Front.SLACK, e.getUser(), front.nameOf(ctx.client(), e.getUser()), e.getChannel());
            // The mention of the bot ("<@UBOT> deploy ...") is not part of the command; other mentions are.
            String text = SlackText.command(e.getText(), ctx.getBotUserId(), id -> front.nameOf(ctx.client(), id));
            Outcome outcome = bot.submit(caller, text);
            Topic topic = new Topic(e.getChannel(), bot.redact(text), caller.userId());
            switch (outcome) {
                case Outcome.Reply r -> front.post(ctx.client(), topic, thread, shown(r), null);
                case Outcome.Confirm c -> front.post(ctx.client(), topic, thread, c.prompt(), confirmBlocks(c));
                case Outcome.Run run -> {
                    Consumer<String> inThread = t -> front.post(ctx.client(), topic, thread, t, null);
                    front.runLater(caller, run, topic, inThread, inThread);
                }
            }
            return ctx.ack();
        });
        app.blockAction(CONFIRM, (req, ctx) -> front.answer(req.getPayload(), ctx, true));
        app.blockAction(CANCEL, (req, ctx) -> front.answer(req.getPayload(), ctx, false));
        return app;
    }

    private Response answer(BlockActionPayload p, ActionContext ctx, boolean yes) {
        var user = p.getUser();
        String channel = p.getChannel() == null ? "" : p.getChannel().getId();
        Caller caller = new Caller(Caller.Front.SLACK, user.getId(), user.getUsername() == null ? user.getId()
                : user.getUsername(), channel);
        String id = p.getActions().isEmpty() ? "" : p.getActions().getFirst().getValue();
        switch (bot.answer(id, caller, yes)) {
            case Outcome.Reply r -> {
                // The buttons are replaced only when the answer closes the confirmation; a
                // stranger's click leaves them for the requester.
                boolean closes = !r.text().startsWith("Only ");
                Topic topic = new Topic(channel, "confirmation " + id, caller.userId());
                if (closes) {
                    respondTo(ctx, topic, shown(r), true);
                } else {
                    // Only the stranger who clicked needs to hear it, not the channel.
                    respond(topic, () -> ctx.respond(b -> b.responseType("ephemeral").replaceOriginal(false).text(shown(r))));
                }
            }
            case Outcome.Run run -> {
                Topic topic = new Topic(channel, run.text(), caller.userId());
                respondTo(ctx, topic, "Confirmed by <@" + caller.userId() + ">: running `" + run.text() + "`...", true);
                runLater(caller, run, topic, t -> {}, text -> respondTo(ctx, topic, text, false));
            }
            case Outcome.Confirm c -> throw new IllegalStateException("an answer never asks again");
        }
        return ctx.ack();
    }

    private void runLater(Caller caller, Outcome.Run run, Topic topic, Consumer<String> progress, Consumer<String> answer) {
        work.execute(() -> runNow(caller, run, topic, progress, answer));
    }

    private void runNow(Caller caller, Outcome.Run run, Topic topic, Consumer<String> progress, Consumer<String> answer) {
        try {
            answer.accept(shown(bot.execute(caller, run.command(), run.text(), progress::accept)));
        } catch (RuntimeException e) {
            LOG.error("cannot answer in Slack {}: {}", topic.describe(""), e.getClass().getName());
        }
    }

    /**
     * What a failed post or response concerned, for the log: the channel, the command (as the
     * core echoes it, tokens redacted) and who asked; deployment IDs are picked from the text.
     */
    record Topic(String channel, String command, String user) {

        String describe(String text) {
            Set<String> ids = new LinkedHashSet<>();
            for (String s : new String[] {command, text}) {
                Matcher m = DEPLOYMENT_ID.matcher(s == null ? "" : s);
                while (m.find()) {
                    ids.add(m.group());
                }
            }
            return "in channel " + channel + " for `" + command + "` by " + user
                    + (ids.isEmpty() ? "" : " (deployment " + String.join(", ", ids) + ")");
        }
    }

    /** What became of a chat.postMessage: the message's ts, or Slack's error code. */
    record Posted(String ts, String error) {

        boolean ok() {
            return ts != null;
        }
    }

    /** The ephemeral notice when a slash command's thread cannot be started in its channel. */
    private static String cannotPost(Posted failed, Outcome.Run run) {
        String why = switch (failed.error()) {
            case "not_in_channel", "channel_not_found" -> "I am not a member of this channel, so I cannot post the"
                    + " thread here: invite me with `/invite @Mandelbot`.";
            default -> "I could not post in this channel (Slack said `" + failed.error() + "`).";
        };
        return why + " I will answer `" + run.text() + "` here when it ends.";
    }

    /**
     * The Slack user's name (their handle, as slash commands give it) from users.info, kept once
     * known; their ID when Slack cannot tell (a missing users:read scope, a network error).
     */
    String nameOf(MethodsClient client, String userId) {
        if (userId == null || userId.isBlank()) {
            return "";
        }
        String known = names.get(userId);
        if (known != null) {
            return known;
        }
        String error;
        try {
            var r = client.usersInfo(b -> b.user(userId));
            if (r.isOk() && r.getUser() != null && r.getUser().getName() != null && !r.getUser().getName().isBlank()) {
                if (names.size() >= NAMES_KEPT) {
                    names.clear();
                }
                names.put(userId, r.getUser().getName());
                return r.getUser().getName();
            }
            error = r.isOk() ? "no name" : r.getError();
        } catch (SlackApiException e) {
            error = e.getError() != null && e.getError().getError() != null ? e.getError().getError()
                    : "HTTP " + e.getResponse().code();
        } catch (IOException e) {
            error = e.getClass().getName() + ": " + e.getMessage();
        }
        LOG.warn("users.info for {} failed: {}; naming them by their ID", userId, error);
        return userId;
    }

    /** A reply as Slack shows it: its warning, if any, on a line of its own under the result. */
    static String shown(Outcome.Reply r) {
        return r.text() + r.warning().map(w -> "\n:warning: " + w).orElse("");
    }

    static List<LayoutBlock> confirmBlocks(Outcome.Confirm c) {
        return List.of(
                section(s -> s.text(markdownText(c.prompt()))),
                actions(a -> a.elements(List.of(
                        button(b -> b.actionId(CONFIRM).style("danger").text(plainText("Confirm")).value(c.id())),
                        button(b -> b.actionId(CANCEL).text(plainText("Cancel")).value(c.id()))))));
    }

    @FunctionalInterface
    private interface Responder {
        WebhookResponse respond() throws IOException;
    }

    /** Answers through a response URL; a failure is logged with what it concerned. */
    private static void respond(Topic topic, Responder r) {
        String error;
        try {
            WebhookResponse w = r.respond();
            if (w == null || w.getCode() == null || w.getCode() / 100 == 2) {
                return;
            }
            error = "HTTP " + w.getCode() + (w.getBody() == null || w.getBody().isBlank() ? "" : " " + w.getBody().strip());
        } catch (IOException e) {
            error = e.getClass().getName() + ": " + e.getMessage();
        }
        LOG.error("cannot post to the response URL {}: {}", topic.describe(""), error);
    }

    private static void respondTo(ActionContext ctx, Topic topic, String text, boolean replace) {
        respond(topic, () -> ctx.respond(b -> b.responseType("in_channel").replaceOriginal(replace).text(text)));
    }

    /**
     * Posts with chat.postMessage. A rate-limited post (HTTP 429) is tried again after the
     * Retry-After Slack names, {@link #RATE_LIMIT_RETRIES} times at most; any other failure, or
     * the last one, is logged with what it concerned and Slack's error code.
     */
    Posted post(MethodsClient client, Topic topic, String thread, String text, List<LayoutBlock> blocks) {
        for (int attempt = 0; ; attempt++) {
            String error;
            try {
                var r = client.chatPostMessage(b -> b.channel(topic.channel()).threadTs(thread).text(text).blocks(blocks));
                if (r.isOk()) {
                    return new Posted(r.getTs(), null);
                }
                error = r.getError();
            } catch (SlackApiException e) {
                int status = e.getResponse().code();
                if (status == 429 && attempt < RATE_LIMIT_RETRIES) {
                    Duration wait = retryAfter(e.getResponse().header("Retry-After"));
                    LOG.warn("chat.postMessage rate-limited {}; trying again in {}s", topic.describe(text), wait.toSeconds());
                    try {
                        sleeper.sleep(wait);
                        continue;
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                }
                error = e.getError() != null && e.getError().getError() != null ? e.getError().getError()
                        : status == 429 ? "ratelimited (HTTP 429)" : "HTTP " + status;
            } catch (IOException e) {
                error = e.getClass().getName() + ": " + e.getMessage();
            }
            LOG.error("chat.postMessage failed {}: {}", topic.describe(text), error);
            return new Posted(null, error == null ? "unknown_error" : error);
        }
    }

    /** Slack's Retry-After in seconds; one second when missing or unreadable, a minute at most. */
    static Duration retryAfter(String header) {
        try {
            Duration d = Duration.ofSeconds(Long.parseLong(header == null ? "" : header.strip()));
            return d.isNegative() ? Duration.ofSeconds(1) : d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }
}
