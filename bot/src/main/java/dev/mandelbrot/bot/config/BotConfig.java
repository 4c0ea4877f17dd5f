package dev.mandelbrot.bot.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The whole configuration file. Tokens are deliberately absent: they come from the environment
 * only (see {@link Secrets}).
 *
 * @param region AWS region, {@code eu-west-1} when unset
 * @param defaultEnvironment the environment a command targets when it names none
 * @param auditLog the append-only JSON-lines audit file
 * @param lockFile where environment locks are kept
 * @param confirmationSeconds how long a confirmation button stays valid
 * @param githubApiUrl GitHub REST base URL, {@code https://api.github.com} when unset
 * @param s3PathStyle path-style S3 addressing, for S3 stand-ins on a plain host name
 * @param awsMaxAttempts SDK attempts per call (retries on throttling included)
 * @param awsTimeoutSeconds bound on one AWS or GitHub call, retries included
 * @param watchIntervalSeconds how often {@code watch} polls a deployment
 * @param watchTimeoutSeconds when {@code watch} gives up
 * @param environments environments by name
 */
public record BotConfig(
        String region,
        String defaultEnvironment,
        Path auditLog,
        Path lockFile,
        Integer confirmationSeconds,
        String githubApiUrl,
        boolean s3PathStyle,
        Integer awsMaxAttempts,
        Integer awsTimeoutSeconds,
        Integer watchIntervalSeconds,
        Integer watchTimeoutSeconds,
        Map<String, Environment> environments) {

    public BotConfig {
        region = region == null ? "eu-west-1" : region;
        auditLog = auditLog == null ? Path.of("mandelbot-audit.jsonl") : auditLog;
        lockFile = lockFile == null ? Path.of("mandelbot-locks.json") : lockFile;
        confirmationSeconds = confirmationSeconds == null ? 120 : confirmationSeconds;
        githubApiUrl = githubApiUrl == null ? "https://api.github.com" : githubApiUrl.replaceAll("/+$", "");
        awsMaxAttempts = awsMaxAttempts == null ? 3 : awsMaxAttempts;
        awsTimeoutSeconds = awsTimeoutSeconds == null ? 20 : awsTimeoutSeconds;
        watchIntervalSeconds = watchIntervalSeconds == null ? 15 : watchIntervalSeconds;
        watchTimeoutSeconds = watchTimeoutSeconds == null ? 3600 : watchTimeoutSeconds;
        environments = environments == null ? Map.of() : new TreeMap<>(environments);
    }

    /** The environment called {@code name}, if configured. */
    public Optional<Environment> environment(String name) {
        return Optional.ofNullable(environments.get(name));
    }

    public Duration confirmationTtl() {
        return Duration.ofSeconds(confirmationSeconds);
    }

    public Duration awsTimeout() {
        return Duration.ofSeconds(awsTimeoutSeconds);
    }

    public Duration watchInterval() {
        return Duration.ofSeconds(watchIntervalSeconds);
    }

    public Duration watchTimeout() {
        return Duration.ofSeconds(watchTimeoutSeconds);
    }
}
