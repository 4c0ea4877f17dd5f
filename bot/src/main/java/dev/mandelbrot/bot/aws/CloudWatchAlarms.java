package dev.mandelbrot.bot.aws;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/** {@link Alarms} through the SDK's CloudWatch client. */
public final class CloudWatchAlarms implements Alarms {

    /** DescribeAlarms takes at most 100 alarm names. */
    private static final int NAMES_PER_CALL = 100;
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

    @Override
    public List<AlarmState> named(List<String> names) {
        List<AlarmState> found = new ArrayList<>();
        try {
            for (int i = 0; i < names.size(); i += NAMES_PER_CALL) {
                List<String> batch = names.subList(i, Math.min(names.size(), i + NAMES_PER_CALL));
                client.describeAlarmsPaginator(r -> r.alarmNames(batch)).metricAlarms()
                        .forEach(a -> found.add(new AlarmState(a.alarmName(), a.stateValueAsString())));
            }
        } catch (SdkException e) {
            throw AwsErrors.translate("CloudWatch DescribeAlarms", e);
        }
        found.sort(Comparator.comparing(AlarmState::name));
        return List.copyOf(found);
    }
}
