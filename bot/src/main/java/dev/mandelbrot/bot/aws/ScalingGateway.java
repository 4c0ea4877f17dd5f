package dev.mandelbrot.bot.aws;

import dev.mandelbrot.bot.BotError;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;

/** The Auto Scaling calls the bot makes (XML query protocol on the wire). */
public final class ScalingGateway {

    private final AutoScalingClient client;

    public ScalingGateway(AutoScalingClient client) {
        this.client = client;
    }

    /** The group's sizes and instances. */
    public GroupCapacity describe(String group) {
        try {
            var groups = client.describeAutoScalingGroups(r -> r.autoScalingGroupNames(group)).autoScalingGroups();
            if (groups.isEmpty()) {
                throw new BotError(BotError.Kind.NOT_FOUND, "Auto Scaling group " + group + ": not found");
            }
            AutoScalingGroup g = groups.getFirst();
            return new GroupCapacity(g.minSize(), g.desiredCapacity(), g.maxSize(), g.instances().stream()
                    .map(i -> new GroupCapacity.Instance(i.instanceId(), i.lifecycleStateAsString(), i.healthStatus()))
                    .toList());
        } catch (SdkException e) {
            throw AwsErrors.translate("Auto Scaling DescribeAutoScalingGroups", e);
        }
    }

    /** Sets all three sizes at once (the API checks min <= desired <= max again). */
    public void resize(String group, int min, int desired, int max) {
        try {
            client.updateAutoScalingGroup(r -> r.autoScalingGroupName(group).minSize(min).desiredCapacity(desired).maxSize(max));
        } catch (SdkException e) {
            throw AwsErrors.translate("Auto Scaling UpdateAutoScalingGroup", e);
        }
    }
}
