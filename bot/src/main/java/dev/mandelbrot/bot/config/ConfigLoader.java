package dev.mandelbrot.bot.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        Problems typeProblems = new Problems();
        try {
            // Read as a tree first: an empty file (or one with only comments) is no document at
            // all, which Jackson reports as "no content to map" rather than as an empty file.
            JsonNode tree = YAML.readTree(yaml);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new ConfigException("invalid configuration: the file is empty");
            }
            // Unknown keys and values of the wrong type are noted and read as unset, so that
            // they are reported together with every other problem, not just the first one.
            config = YAML.readerFor(BotConfig.class).withHandler(typeProblems).readValue(tree);
        } catch (JsonMappingException e) {
            throw new ConfigException("invalid configuration: " + e.getOriginalMessage()
                    + " at " + e.getPathReference().replace("dev.mandelbrot.bot.config.", ""));
        } catch (IOException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage());
        }
        if (config == null) {
            throw new ConfigException("invalid configuration: the file is empty");
        }
        List<String> problems = new ArrayList<>(typeProblems.found);
        problems.addAll(problems(config, typeProblems.paths));
        if (!problems.isEmpty()) {
            throw new ConfigException("invalid configuration: " + String.join("; ", problems));
        }
        return config;
    }

    /** The checks beyond types; {@code typed} are the paths already reported for their type. */
    private static List<String> problems(BotConfig config, Set<String> typed) {
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
                if (role == null && !typed.contains("environments." + e.getKey() + ".users." + user)) {
                    problems.add(where + "users." + user + " has no role (admin or deployer)");
                }
            });
            if (env.allowedChannels().stream().anyMatch(c -> c == null || c.isBlank())) {
                problems.add(where + "allowed-channels has an empty entry");
            }
            if (env.alarmNames().stream().anyMatch(n -> n == null || n.isBlank())) {
                problems.add(where + "alarm-names has an empty entry");
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

    /**
     * Collects unknown keys and values of the wrong type, each with its dotted path and what was
     * expected, and lets reading go on with the value unset (the configuration is refused anyway).
     */
    private static final class Problems extends DeserializationProblemHandler {

        final List<String> found = new ArrayList<>();
        final Set<String> paths = new HashSet<>();

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                Object beanOrClass, String propertyName) throws IOException {
            note(p, "unknown key");
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value,
                String failureMsg) {
            note(ctxt.getParser(), "'" + value + "' is not " + expected(targetType));
            return null;
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value,
                String failureMsg) {
            note(ctxt.getParser(), value + " is not " + expected(targetType));
            return null;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                String failureMsg) throws IOException {
            String found = switch (t) {
                case START_ARRAY -> "a list";
                case START_OBJECT -> "a mapping";
                case VALUE_NULL -> "nothing";
                default -> "'" + p.getText() + "'";
            };
            note(p, "expected " + expected(targetType) + ", found " + found);
            p.skipChildren();
            return null;
        }

        private void note(JsonParser p, String what) {
            String path = String.valueOf(p.getParsingContext().pathAsPointer()).replaceFirst("^/", "")
                    .replace('/', '.').replace("~1", "/").replace("~0", "~");
            paths.add(path);
            found.add((path.isEmpty() ? "" : path + ": ") + what);
        }

        private static String expected(JavaType type) {
            if (type.isCollectionLikeType() || type.isArrayType()) {
                return "a list";
            }
            if (type.isMapLikeType() || type.getRawClass() == Environment.class || type.getRawClass() == BotConfig.class) {
                return "a mapping";
            }
            return expected(type.getRawClass());
        }

        private static String expected(Class<?> type) {
            if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
                return "a whole number";
            }
            if (type == Boolean.class || type == boolean.class) {
                return "true or false";
            }
            if (type == Role.class) {
                return "admin or deployer";
            }
            if (type == Path.class) {
                return "a file path";
            }
            return type == String.class ? "a single value" : "a " + type.getSimpleName();
        }
    }
}
