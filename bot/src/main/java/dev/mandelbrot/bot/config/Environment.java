package dev.mandelbrot.bot.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One deployment target: the AWS resources Terraform created for it, the GitHub repository whose
 * CI gates it, and who may touch it from where.
 *
 * @param application CodeDeploy application name
 * @param deploymentGroup CodeDeploy deployment group name
 * @param autoScalingGroup Auto Scaling group name
 * @param targetGroupArn ALB target group ARN
 * @param revisionsBucket S3 bucket holding the bundles, one object per commit
 * @param revisionsPrefix key prefix of the bundles; a bundle's key is {@code prefix + sha + ".zip"}
 * @param alarmPrefix CloudWatch alarm name prefix shown by {@code status} when {@code alarmNames} is empty
 * @param alarmNames the exact CloudWatch alarm names {@code status} shows (Terraform's list); a
 *     prefix alone also matches a longer-named stack's alarms ({@code mandelbrot-staging-*})
 * @param githubRepository {@code owner/name}
 * @param ciWorkflow the workflow file whose success gates a deploy, e.g. {@code ci.yml}
 * @param maxCapacity upper bound {@code scale} accepts, whatever the group's own maximum
 * @param confirm whether mutating commands ask for confirmation first; true unless set to false
 * @param allowedChannels Slack channel IDs where commands for this environment are accepted
 * @param users Slack user IDs (or {@code local:NAME} for the terminal) and their roles
 */
public record Environment(
        String application,
        String deploymentGroup,
        String autoScalingGroup,
        String targetGroupArn,
        String revisionsBucket,
        String revisionsPrefix,
        String alarmPrefix,
        List<String> alarmNames,
        String githubRepository,
        String ciWorkflow,
        Integer maxCapacity,
        Boolean confirm,
        List<String> allowedChannels,
        Map<String, Role> users) {

    public Environment {
        revisionsPrefix = revisionsPrefix == null ? "" : revisionsPrefix;
        alarmPrefix = alarmPrefix == null ? "" : alarmPrefix;
        alarmNames = alarmNames == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(alarmNames));
        ciWorkflow = ciWorkflow == null ? "ci.yml" : ciWorkflow;
        maxCapacity = maxCapacity == null ? 10 : maxCapacity;
        confirm = confirm == null || confirm; // safe by default
        // copies that keep a null entry ("users: {U1: }", "allowed-channels: [C1, ]"): the loader
        // lists it as a problem of its own, where List.copyOf would fail inside Jackson with a
        // bare NullPointerException
        allowedChannels = allowedChannels == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(allowedChannels));
        users = users == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(users));
    }

    /** The role of {@code userId} here, empty for everyone not listed. */
    public Optional<Role> roleOf(String userId) {
        return Optional.ofNullable(users.get(userId));
    }

    /** The S3 key of the bundle built from {@code sha}. */
    public String keyFor(String sha) {
        return revisionsPrefix + sha + ".zip";
    }
}
