package dev.mandelbrot.bot.aws;

import java.util.List;

/**
 * CloudWatch alarm states. An interface because the SDK's CloudWatch client speaks a binary
 * protocol (CBOR) in recent versions that no HTTP stub here can answer: tests fake this instead.
 */
public interface Alarms {

    /** Every metric alarm whose name starts with {@code prefix}, sorted by name. */
    List<AlarmState> withPrefix(String prefix);

    /** The metric alarms of these exact names that exist, sorted by name. */
    List<AlarmState> named(List<String> names);
}
