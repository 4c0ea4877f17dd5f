/**
 * JMH benchmarks of the whole project. Build with {@code ./mvnw -q -pl bench -am package -DskipTests}
 * and run with JDK 25 (the forks add {@code --add-modules jdk.incubator.vector} themselves):
 * <pre>
 * /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --add-modules jdk.incubator.vector \
 *     -jar bench/target/benchmarks.jar [benchmark regex] [JMH options]
 * </pre>
 * Each benchmark's Javadoc gives the exact command behind its figures in {@code docs/BENCHMARKS.md}.
 */
package dev.mandelbrot.bench;
