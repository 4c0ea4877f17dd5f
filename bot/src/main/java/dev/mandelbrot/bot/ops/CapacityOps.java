package dev.mandelbrot.bot.ops;

import dev.mandelbrot.bot.BotError;
import dev.mandelbrot.bot.BotError.Kind;
import dev.mandelbrot.bot.aws.AlarmState;
import dev.mandelbrot.bot.aws.GroupCapacity;
import dev.mandelbrot.bot.aws.Revision;
import dev.mandelbrot.bot.aws.TargetHealth;
import dev.mandelbrot.bot.command.Command;
import dev.mandelbrot.bot.config.Environment;
import java.util.List;
import java.util.function.Supplier;

/** {@code status}, {@code scale} and {@code revisions}. */
final class CapacityOps {

    private final Services services;

    CapacityOps(Services services) {
        this.services = services;
    }

    /** A status report plus whether every part of it could be read. */
    record Report(String text, boolean complete) {}

    /**
     * Each section is read on its own, so that a denied CloudWatch call still leaves the
     * capacity and target health visible; the failed section says why.
     */
    Report status(Environment env, Command.Status c) {
        StringBuilder sb = new StringBuilder("Status of " + c.environment() + ":");
        boolean complete = section(sb, "Auto Scaling " + env.autoScalingGroup(), () -> {
            GroupCapacity g = services.scaling().describe(env.autoScalingGroup());
            return "desired " + g.desired() + ", min " + g.min() + ", max " + g.max() + ", in service " + g.inService();
        });
        complete &= section(sb, "Targets", () -> {
            List<TargetHealth> targets = services.targets().health(env.targetGroupArn());
            if (targets.isEmpty()) {
                return "none registered";
            }
            StringBuilder t = new StringBuilder();
            for (TargetHealth h : targets) {
                t.append("\n  ").append(h.id()).append(h.port() == null ? "" : ":" + h.port()).append("  ").append(h.state())
                        .append(h.reason().isEmpty() ? "" : " (" + h.reason() + ")");
            }
            return t.toString();
        });
        complete &= section(sb, "Last deployment", () -> services.codeDeploy()
                .recent(env.application(), env.deploymentGroup(), 1).stream().findFirst()
                .map(d -> d.id() + " " + d.status() + " " + Text.time(d.created()) + " by "
                        + Text.startedBy(d.description(), d.creator()))
                .orElse("none"));
        complete &= section(sb, "Alarms", () -> {
            // Exact names when configured: a prefix such as "mandelbrot-" also matches the alarms
            // of a stack named "mandelbrot-staging".
            List<AlarmState> alarms = env.alarmNames().isEmpty() ? services.alarms().withPrefix(env.alarmPrefix())
                    : services.alarms().named(env.alarmNames());
            List<String> missing = env.alarmNames().stream()
                    .filter(n -> alarms.stream().noneMatch(s -> s.name().equals(n))).sorted().toList();
            if (alarms.isEmpty() && missing.isEmpty()) {
                return "none";
            }
            StringBuilder a = new StringBuilder();
            for (AlarmState s : alarms) {
                a.append("\n  ").append(s.name()).append("  ").append(s.state());
            }
            for (String n : missing) {
                a.append("\n  ").append(n).append("  (no such alarm)");
            }
            return a.toString();
        });
        return new Report(sb.toString(), complete);
    }

    private static boolean section(StringBuilder sb, String title, Supplier<String> body) {
        try {
            String text = body.get(); // read first: a failure must not leave a dangling title
            // A list starts on its own line, so the title ends with the colon, not a trailing blank.
            sb.append("\n").append(title).append(text.startsWith("\n") ? ":" : ": ").append(text);
            return true;
        } catch (BotError e) {
            sb.append("\n").append(title).append(": unavailable, ").append(e.getMessage());
            return false;
        }
    }

    String scale(Environment env, Command.Scale c) {
        GroupCapacity now = services.scaling().describe(env.autoScalingGroup());
        int min = c.min().orElse(now.min());
        int max = c.max().orElse(now.max());
        int desired = c.desired();
        if (c.min().isEmpty() && (desired < min || desired > max)) {
            throw new BotError(Kind.REFUSED, "Desired " + desired + " is outside the group's min..max " + min + ".." + max
                    + "; use scale <min> <desired> <max>.");
        }
        // The cap bounds what the command sets: a group whose own max is above it (set outside the
        // bot) may still have its desired count changed below the cap.
        if (c.max().isPresent() && max > env.maxCapacity()) {
            throw new BotError(Kind.REFUSED, "Max " + max + " is above the configured cap of " + env.maxCapacity()
                    + " for " + c.environment() + ".");
        }
        if (desired > env.maxCapacity()) {
            throw new BotError(Kind.REFUSED, "Desired " + desired + " is above the configured cap of " + env.maxCapacity()
                    + " for " + c.environment() + ".");
        }
        services.scaling().resize(env.autoScalingGroup(), min, desired, max);
        return "Scaled " + env.autoScalingGroup() + " in " + c.environment() + " from " + now.min() + "/" + now.desired() + "/"
                + now.max() + " to " + min + "/" + desired + "/" + max + " (min/desired/max).";
    }

    String revisions(Environment env, Command.Revisions c) {
        List<Revision> recent = services.revisions().recent(env.revisionsBucket(), env.revisionsPrefix(), 10);
        if (recent.isEmpty()) {
            return "No bundles under s3://" + env.revisionsBucket() + "/" + env.revisionsPrefix();
        }
        StringBuilder sb = new StringBuilder("Recent bundles in s3://" + env.revisionsBucket() + "/" + env.revisionsPrefix() + ":");
        for (Revision r : recent) {
            sb.append("\n").append(Text.shaOf(r.key(), env.revisionsPrefix()).map(Text::shortSha).orElse(r.key()))
                    .append("  ").append(Text.time(r.lastModified())).append("  ").append(Text.size(r.size()))
                    .append("  ").append(r.key());
        }
        return sb.toString();
    }
}
