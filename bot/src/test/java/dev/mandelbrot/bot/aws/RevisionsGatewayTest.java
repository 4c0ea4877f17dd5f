package dev.mandelbrot.bot.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mandelbrot.bot.BotError;
import dev.mandelbrot.bot.World;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The S3 adapter against S3Mock: keys, ordering, and S3's own errors. */
class RevisionsGatewayTest {

    private final RevisionsGateway s3 = new AwsClients("eu-west-1",
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
            Optional.of(URI.create(World.s3Url())), Duration.ofSeconds(15), 1, true).revisions();

    @Test
    void aMissingBucketIsNotFound() {
        assertThatThrownBy(() -> s3.recent("no-such-bucket", "revisions/", 5))
                .isInstanceOf(BotError.class)
                .hasMessage("S3 ListObjectsV2 no-such-bucket: not found (NoSuchBucket)")
                .extracting(e -> ((BotError) e).kind()).isEqualTo(BotError.Kind.NOT_FOUND);
    }

    @Test
    void existsTellsPresentFromAbsentKeys() {
        World.emptyBucket();
        String key = World.putBundle("revisions/present.zip");
        assertThat(s3.exists(World.BUCKET, key)).isTrue();
        assertThat(s3.exists(World.BUCKET, "revisions/absent.zip")).isFalse();
        assertThat(s3.recent(World.BUCKET, "revisions/", 5)).extracting(Revision::key).containsExactly(key);
    }
}
