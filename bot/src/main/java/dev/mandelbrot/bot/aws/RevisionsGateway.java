package dev.mandelbrot.bot.aws;

import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** Lists the bundles in the revisions bucket. */
public final class RevisionsGateway {

    private final S3Client client;

    public RevisionsGateway(S3Client client) {
        this.client = client;
    }

    /**
     * The zip bundles under {@code prefix}, newest first, at most {@code limit}. S3 lists keys in
     * alphabetical order, 1000 a page, so every page is read before sorting by time: cutting the
     * listing short would miss the newest bundle whenever its SHA sorts late.
     */
    public List<Revision> recent(String bucket, String prefix, int limit) {
        try {
            return client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                    .filter(o -> o.key().endsWith(".zip"))
                    .map(o -> new Revision(o.key(), o.size(), o.lastModified()))
                    .sorted(Comparator.comparing(Revision::lastModified).reversed().thenComparing(Revision::key))
                    .limit(limit)
                    .toList();
        } catch (SdkException e) {
            throw AwsErrors.translate("S3 ListObjectsV2 " + bucket, e);
        }
    }

    /** True when {@code key} exists in {@code bucket}. */
    public boolean exists(String bucket, String key) {
        try {
            client.headObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.awscore.exception.AwsServiceException e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw AwsErrors.translate("S3 HeadObject " + key, e);
        } catch (SdkException e) {
            throw AwsErrors.translate("S3 HeadObject " + key, e);
        }
    }
}
