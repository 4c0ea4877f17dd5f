package dev.mandelbrot.bot.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the SDK clients the bot uses, all alike: one region, one HTTP client, one timeout and
 * retry budget. Endpoints are left to the SDK, which honours {@code AWS_ENDPOINT_URL} and the
 * per-service {@code AWS_ENDPOINT_URL_<SERVICE>} variables (and their {@code aws.endpointUrl*}
 * system properties) by itself; {@code endpoint} overrides them all when present (tests).
 */
public final class AwsClients implements AutoCloseable {

    private final SdkHttpClient http;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Optional<URI> endpoint;
    private final ClientOverrideConfiguration overrides;
    private final boolean s3PathStyle;

    /**
     * @param credentials usually {@code DefaultCredentialsProvider.builder().build()}: the standard chain
     * @param timeout bound on one API call, retries included
     * @param maxAttempts attempts per call, the first included
     */
    public AwsClients(String region, AwsCredentialsProvider credentials, Optional<URI> endpoint,
            Duration timeout, int maxAttempts, boolean s3PathStyle) {
        this.region = Region.of(region);
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.s3PathStyle = s3PathStyle;
        this.http = ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).socketTimeout(timeout).build();
        this.overrides = ClientOverrideConfiguration.builder()
                .apiCallTimeout(timeout)
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build())
                .build();
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder) {
        builder.region(region).credentialsProvider(credentials).overrideConfiguration(overrides).httpClient(http);
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public CodeDeployGateway codeDeploy() {
        return new CodeDeployGateway(build(CodeDeployClient.builder()));
    }

    public ScalingGateway scaling() {
        return new ScalingGateway(build(AutoScalingClient.builder()));
    }

    public TargetsGateway targets() {
        return new TargetsGateway(build(ElasticLoadBalancingV2Client.builder()));
    }

    public Alarms alarms() {
        return new CloudWatchAlarms(build(CloudWatchClient.builder()));
    }

    public RevisionsGateway revisions() {
        return new RevisionsGateway(build(S3Client.builder().forcePathStyle(s3PathStyle)));
    }

    /** Closes the shared HTTP client; the SDK clients built here stop working. */
    @Override
    public void close() {
        http.close();
    }
}
