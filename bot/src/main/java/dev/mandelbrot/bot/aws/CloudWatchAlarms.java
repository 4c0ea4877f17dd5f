package dev.mandelbrot.bot.aws;

import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/** {@link Alarms} through the SDK's CloudWatch client. */
public final class CloudWatchAlarms implements Alarms {

    private final CloudWatchClient client;

    public CloudWatchAlarms(CloudWatchClient client) {
        this.client = client;
    }

    @Override
    public List<AlarmState> withPrefix(String prefix) {
        try {
            return client.describeAlarmsPaginator(r -> r.alarmNamePrefix(prefix.isEmpty() ? null : prefix)).metricAlarms()
                    .stream()
                    .map(a -> new AlarmState(a.alarmName(), a.stateValueAsString()))
                    .sorted(Comparator.comparing(AlarmState::name))
                    .toList();
        } catch (SdkException e) {
            throw AwsErrors.translate("CloudWatch DescribeAlarms", e);
        }
    }
}
