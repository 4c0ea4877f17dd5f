package dev.mandelbrot.bot.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads and checks the YAML configuration file; every problem becomes one readable message. */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ConfigLoader() {}

    /** Loads {@code file}; relative audit and lock paths are resolved against the file's folder. */
    public static BotConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file not found: " + file);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage());
        }
        BotConfig raw = parse(text);
        Path base = file.toAbsolutePath().getParent();
        return new BotConfig(raw.region(), raw.defaultEnvironment(), base.resolve(raw.auditLog()),
                base.resolve(raw.lockFile()), raw.confirmationSeconds(), raw.githubApiUrl(), raw.s3PathStyle(),
                raw.awsMaxAttempts(), raw.awsTimeoutSeconds(), raw.watchIntervalSeconds(),
                raw.watchTimeoutSeconds(), raw.environments());
    }

    /** Parses and validates YAML text. */
    public static BotConfig parse(String yaml) {
        BotConfig config;
        try {
            // Read as a tree first: an empty file (or one with only comments) is no document at
            // all, which Jackson reports as "no content to map" rather than as an empty file.
            JsonNode tree = YAML.readTree(yaml);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new ConfigException("invalid configuration: the file is empty");
            }
            config = YAML.treeToValue(tree, BotConfig.class);
        } catch (JsonMappingException e) {
            throw new ConfigException("invalid configuration: " + e.getOriginalMessage()
                    + " at " + e.getPathReference().replace("dev.mandelbrot.bot.config.", ""));
        } catch (IOException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage());
        }
        if (config == null) {
            throw new ConfigException("invalid configuration: the file is empty");
        }
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new ConfigException("invalid configuration: " + String.join("; ", problems));
        }
        return config;
    }

    private static List<String> problems(BotConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.environments().isEmpty()) {
            problems.add("no environments");
        }
        if (config.defaultEnvironment() == null) {
            problems.add("default-environment is missing");
        } else if (!config.environments().containsKey(config.defaultEnvironment())) {
            problems.add("default-environment '" + config.defaultEnvironment() + "' is not among the environments");
        }
        if (!config.region().matches("[a-z][a-z0-9-]*[0-9]")) {
            problems.add("region must be an AWS region name such as eu-west-1");
        }
        if (!httpUrl(config.githubApiUrl())) {
            problems.add("github-api-url must be an http or https URL such as https://api.github.com");
        }
        if (config.confirmationSeconds() <= 0 || config.watchIntervalSeconds() <= 0
                || config.watchTimeoutSeconds() <= 0 || config.awsTimeoutSeconds() <= 0 || config.awsMaxAttempts() <= 0) {
            problems.add("durations and attempts must be positive");
        }
        for (Map.Entry<String, Environment> e : config.environments().entrySet()) {
            Environment env = e.getValue();
            String where = "environments." + e.getKey() + ": ";
            if (!e.getKey().matches("[a-z][a-z0-9-]*")) {
                problems.add(where + "name must be lower-case letters, digits and dashes");
            }
            if (env == null) { // "name:" with nothing after it
                problems.add(where + "is empty");
                continue;
            }
            require(problems, where, "application", env.application());
            require(problems, where, "deployment-group", env.deploymentGroup());
            require(problems, where, "auto-scaling-group", env.autoScalingGroup());
            require(problems, where, "target-group-arn", env.targetGroupArn());
            require(problems, where, "revisions-bucket", env.revisionsBucket());
            require(problems, where, "github-repository", env.githubRepository());
            if (env.githubRepository() != null && !env.githubRepository().matches("[\\w.-]+/[\\w.-]+")) {
                problems.add(where + "github-repository must be owner/name");
            }
            env.users().forEach((user, role) -> {
                if (role == null) {
                    problems.add(where + "users." + user + " has no role (admin or deployer)");
                }
            });
            if (env.allowedChannels().stream().anyMatch(c -> c == null || c.isBlank())) {
                problems.add(where + "allowed-channels has an empty entry");
            }
            if (env.maxCapacity() < 1) {
                problems.add(where + "max-capacity must be at least 1");
            }
        }
        return problems;
    }

    /** True for an absolute http(s) URL with a host, the only kind the GitHub client can call. */
    private static boolean httpUrl(String url) {
        try {
            URI uri = new URI(url);
            return (("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void require(List<String> problems, String where, String key, String value) {
        if (value == null || value.isBlank()) {
            problems.add(where + key + " is missing");
        }
    }
}
