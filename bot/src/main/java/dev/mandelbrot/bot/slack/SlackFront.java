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
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.webhook.WebhookResponse;
import dev.mandelbrot.bot.Caller;
import dev.mandelbrot.bot.Mandelbot;
import dev.mandelbrot.bot.Outcome;
import dev.mandelbrot.bot.command.Command;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
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

    private final Mandelbot bot;
    private final Executor work;

    private SlackFront(Mandelbot bot, Executor work) {
        this.bot = bot;
        this.work = work;
    }

    /** A Bolt app wired to {@code bot}; run it over Socket Mode or hand it requests with {@code app.run}. */
    public static App app(AppConfig config, Mandelbot bot, Executor work) {
        SlackFront front = new SlackFront(bot, work);
        App app = new App(config);
        app.command(COMMAND, (req, ctx) -> {
            var p = req.getPayload();
            Caller caller = new Caller(Caller.Front.SLACK, p.getUserId(), p.getUserName(), p.getChannelId());
            Outcome outcome = bot.submit(caller, p.getText());
            return switch (outcome) {
                case Outcome.Reply r -> ctx.ack(b -> b.responseType(r.ok() ? "in_channel" : "ephemeral").text(shown(r)));
                case Outcome.Confirm c -> ctx.ack(b -> b.responseType("ephemeral").text(c.prompt())
                        .blocks(confirmBlocks(c)));
                case Outcome.Run run when run.command() instanceof Command.Watch w -> {
                    // A watch lives in a thread: a parent message in the channel, progress under it.
                    front.work.execute(() -> {
                        String thread = postTs(ctx.client(), p.getChannelId(), null,
                                "Watching " + w.deploymentId() + " for <@" + caller.userId() + ">; progress in the thread.", null);
                        Consumer<String> inThread = t -> postTs(ctx.client(), p.getChannelId(), thread, t, null);
                        front.runNow(caller, run, inThread, inThread);
                    });
                    yield ctx.ack();
                }
                case Outcome.Run run -> {
                    front.runLater(caller, run, t -> {},
                            text -> respond(() -> ctx.respond(b -> b.responseType("in_channel").text(text))));
                    yield ctx.ack(b -> b.responseType("in_channel").text("Running `" + run.text() + "` for <@"
                            + caller.userId() + ">..."));
                }
            };
        });
        app.event(AppMentionEvent.class, (req, ctx) -> {
            AppMentionEvent e = req.getEvent();
            String thread = e.getThreadTs() != null ? e.getThreadTs() : e.getTs();
            Caller caller = new Caller(Caller.Front.SLACK, e.getUser(), e.getUser(), e.getChannel());
            // The mention itself ("<@UBOT>") is not part of the command.
            String text = e.getText() == null ? "" : e.getText().replaceAll("<@[A-Z0-9]+(\\|[^>]*)?>", " ").strip();
            Outcome outcome = bot.submit(caller, text);
            switch (outcome) {
                case Outcome.Reply r -> post(ctx, e.getChannel(), thread, shown(r), null);
                case Outcome.Confirm c -> post(ctx, e.getChannel(), thread, c.prompt(), confirmBlocks(c));
                case Outcome.Run run -> {
                    Consumer<String> inThread = t -> post(ctx, e.getChannel(), thread, t, null);
                    front.runLater(caller, run, inThread, inThread);
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
                respondTo(ctx, shown(r), closes);
            }
            case Outcome.Run run -> {
                respondTo(ctx, "Confirmed by <@" + caller.userId() + ">: running `" + run.text() + "`...", true);
                runLater(caller, run, t -> {}, text -> respondTo(ctx, text, false));
            }
            case Outcome.Confirm c -> throw new IllegalStateException("an answer never asks again");
        }
        return ctx.ack();
    }

    private void runLater(Caller caller, Outcome.Run run, Consumer<String> progress, Consumer<String> answer) {
        work.execute(() -> runNow(caller, run, progress, answer));
    }

    private void runNow(Caller caller, Outcome.Run run, Consumer<String> progress, Consumer<String> answer) {
        try {
            answer.accept(shown(bot.execute(caller, run.command(), run.text(), progress::accept)));
        } catch (RuntimeException e) {
            LOG.error("cannot answer in Slack: {}", e.getClass().getName());
        }
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

    private static void respond(Responder r) {
        try {
            r.respond();
        } catch (IOException e) {
            LOG.error("cannot post to the response URL: {}", e.getClass().getName());
        }
    }

    private static void respondTo(ActionContext ctx, String text, boolean replace) {
        try {
            ctx.respond(b -> b.responseType("in_channel").replaceOriginal(replace).text(text));
        } catch (IOException e) {
            LOG.error("cannot post to the response URL: {}", e.getClass().getName());
        }
    }

    private static void post(EventContext ctx, String channel, String thread, String text, List<LayoutBlock> blocks) {
        postTs(ctx.client(), channel, thread, text, blocks);
    }

    /** Posts with chat.postMessage; returns the message's ts, or null when Slack refused it. */
    private static String postTs(MethodsClient client, String channel, String thread, String text, List<LayoutBlock> blocks) {
        try {
            var r = client.chatPostMessage(b -> b.channel(channel).threadTs(thread).text(text).blocks(blocks));
            if (!r.isOk()) {
                LOG.warn("chat.postMessage failed: {}", r.getError());
                return null;
            }
            return r.getTs();
        } catch (IOException | SlackApiException e) {
            LOG.error("cannot post to Slack: {}", e.getClass().getName());
            return null;
        }
    }
}
