package dev.mandelbrot.bot;

import dev.mandelbrot.bot.aws.AwsClients;
import dev.mandelbrot.bot.config.BotConfig;
import dev.mandelbrot.bot.config.Secrets;
import dev.mandelbrot.bot.github.GitHubClient;
import dev.mandelbrot.bot.ops.Services;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/** Production wiring: the standard AWS credential chain, endpoints as the SDK resolves them. */
public final class Wiring {

    private Wiring() {}

    /** The real services for {@code config}; the HTTP clients live as long as the process. */
    public static Services services(BotConfig config, Secrets secrets) {
        var aws = new AwsClients(config.region(), DefaultCredentialsProvider.builder().build(), Optional.empty(),
                config.awsTimeout(), config.awsMaxAttempts(), config.s3PathStyle());
        return new Services(aws.codeDeploy(), aws.scaling(), aws.targets(), aws.alarms(), aws.revisions(),
                new GitHubClient(config.githubApiUrl(), secrets.githubToken(), config.awsTimeout()));
    }
}
