package dev.mandelbrot.bot.aws;

import java.util.List;

/** An Auto Scaling group's sizes and instances. */
public record GroupCapacity(int min, int desired, int max, List<Instance> instances) {

    public record Instance(String id, String lifecycle, String health) {}

    /** Instances whose lifecycle state is InService. */
    public long inService() {
        return instances.stream().filter(i -> i.lifecycle().equals("InService")).count();
    }
}
