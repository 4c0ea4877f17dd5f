package dev.mandelbrot.bot.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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
    void theNewestBundleIsFoundPastTheFirstFiveThousandKeys() {
        // S3 lists keys alphabetically, 1000 a page: the newest bundle may sort last of many.
        // WireMock serves the six pages S3 would (S3Mock takes minutes to fill with 6000 keys).
        World world = new World();
        int pages = 6;
        for (int page = 0; page < pages; page++) {
            StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                    + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>many</Name>"
                    + "<Prefix>revisions/</Prefix><KeyCount>1000</KeyCount><MaxKeys>1000</MaxKeys>"
                    + "<IsTruncated>" + (page < pages - 1) + "</IsTruncated>"
                    + (page < pages - 1 ? "<NextContinuationToken>page" + (page + 1) + "</NextContinuationToken>" : ""));
            for (int i = 0; i < 1000; i++) {
                boolean newest = page == pages - 1 && i == 999;
                String sha = newest ? "f".repeat(40) : String.format("0%039x", page * 1000 + i);
                xml.append("<Contents><Key>revisions/").append(sha).append(".zip</Key><LastModified>")
                        .append(newest ? "2026-11-29T01:00:00.000Z" : "2026-11-28T10:00:00.000Z")
                        .append("</LastModified><ETag>&quot;e&quot;</ETag><Size>2</Size><StorageClass>STANDARD</StorageClass></Contents>");
            }
            var request = get(urlPathEqualTo("/many")).withQueryParam("list-type", equalTo("2"));
            request = page == 0 ? request.withQueryParam("continuation-token", absent())
                    : request.withQueryParam("continuation-token", equalTo("page" + page));
            world.wm.stubFor(request.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/xml")
                    .withBody(xml.append("</ListBucketResult>").toString())));
        }
        RevisionsGateway listed = new AwsClients("eu-west-1",
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")),
                Optional.of(URI.create(world.wm.baseUrl())), Duration.ofSeconds(15), 1, true).revisions();

        assertThat(listed.recent("many", "revisions/", 2)).extracting(Revision::key)
                .containsExactly("revisions/" + "f".repeat(40) + ".zip", "revisions/" + String.format("0%039x", 0) + ".zip");
        world.wm.verify(pages, getRequestedFor(urlPathEqualTo("/many")));
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
