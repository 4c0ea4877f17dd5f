package dev.mandelbrot.bot;

import dev.mandelbrot.bot.aws.AlarmState;
import dev.mandelbrot.bot.aws.Alarms;
import java.util.ArrayList;
import java.util.List;

/** CloudWatch stand-in: alarms set by the test, or a failure to throw. */
public final class FakeAlarms implements Alarms {

    public final List<AlarmState> alarms = new ArrayList<>();
    public RuntimeException failure;
    public String lastPrefix;
    public List<String> lastNames;

    @Override
    public List<AlarmState> withPrefix(String prefix) {
        lastPrefix = prefix;
        if (failure != null) {
            throw failure;
        }
        return alarms.stream().filter(a -> a.name().startsWith(prefix)).toList();
    }

    @Override
    public List<AlarmState> named(List<String> names) {
        lastNames = names;
        if (failure != null) {
            throw failure;
        }
        return alarms.stream().filter(a -> names.contains(a.name())).toList();
    }
}
