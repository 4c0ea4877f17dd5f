package dev.mandelbrot.bot.aws;

import dev.mandelbrot.bot.BotError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.BundleType;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentLimitExceededException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentOverview;
import software.amazon.awssdk.services.codedeploy.model.RevisionLocationType;

/** The CodeDeploy calls the bot makes; every SDK failure leaves as a {@link dev.mandelbrot.bot.BotError}. */
public final class CodeDeployGateway {

    /** BatchGetDeployments accepts at most 25 IDs. */
    private static final int BATCH = 25;
    private final CodeDeployClient client;

    public CodeDeployGateway(CodeDeployClient client) {
        this.client = client;
    }

    /**
     * Starts an in-place deployment of an S3 zip bundle and returns its ID; {@link
     * dev.mandelbrot.bot.BotError.Kind#REFUSED} when the group already runs one (a deployment
     * that started after the caller last looked).
     */
    public String create(String application, String group, String bucket, String key, String description,
            AlarmPolling alarms) {
        try {
            return client.createDeployment(r -> {
                r.applicationName(application).deploymentGroupName(group)
                        .description(description)
                        .revision(rev -> rev.revisionType(RevisionLocationType.S3)
                                .s3Location(s3 -> s3.bucket(bucket).key(key).bundleType(BundleType.ZIP)));
                if (alarms == AlarmPolling.OFF) {
                    r.overrideAlarmConfiguration(a -> a.enabled(false));
                }
            }).deploymentId();
        } catch (DeploymentLimitExceededException e) {
            throw new BotError(BotError.Kind.REFUSED, "CodeDeploy CreateDeployment: the deployment group is busy with another"
                    + " deployment (DeploymentLimitExceededException)");
        } catch (SdkException e) {
            throw AwsErrors.translate("CodeDeploy CreateDeployment", e);
        }
    }

    /** True once the group has had a successful deployment (GetDeploymentGroup's lastSuccessfulDeployment). */
    public boolean hasSucceeded(String application, String group) {
        try {
            var info = client.getDeploymentGroup(r -> r.applicationName(application).deploymentGroupName(group))
                    .deploymentGroupInfo();
            return info != null && info.lastSuccessfulDeployment() != null
                    && info.lastSuccessfulDeployment().deploymentId() != null;
        } catch (SdkException e) {
            throw AwsErrors.translate("CodeDeploy GetDeploymentGroup", e);
        }
    }

    /**
     * The newest deployments of the group, newest first, at most {@code limit}; restricted to
     * {@code statuses} when any are given.
     */
    public List<Deployment> recent(String application, String group, int limit, String... statuses) {
        List<String> ids;
        try {
            ids = client.listDeployments(r -> {
                r.applicationName(application).deploymentGroupName(group);
                if (statuses.length > 0) {
                    r.includeOnlyStatusesWithStrings(statuses);
                }
            }).deployments();
        } catch (SdkException e) {
            throw AwsErrors.translate("CodeDeploy ListDeployments", e);
        }
        // ListDeployments promises no order: fetch the first page's details and sort by creation.
        List<Deployment> all = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += BATCH) {
            List<String> batch = ids.subList(i, Math.min(ids.size(), i + BATCH));
            try {
                client.batchGetDeployments(r -> r.deploymentIds(batch)).deploymentsInfo()
                        .forEach(d -> all.add(map(d)));
            } catch (SdkException e) {
                throw AwsErrors.translate("CodeDeploy BatchGetDeployments", e);
            }
        }
        all.sort(Comparator.comparing(Deployment::created).reversed());
        return all.subList(0, Math.min(limit, all.size()));
    }

    /** One deployment by ID. */
    public Deployment get(String id) {
        try {
            return map(client.getDeployment(r -> r.deploymentId(id)).deploymentInfo());
        } catch (SdkException e) {
            throw AwsErrors.translate("CodeDeploy GetDeployment " + id, e);
        }
    }

    /** Stops a running deployment and asks CodeDeploy to roll the instances back; returns its status message. */
    public String stopWithRollback(String id) {
        try {
            var r = client.stopDeployment(b -> b.deploymentId(id).autoRollbackEnabled(true));
            return r.statusAsString() + (r.statusMessage() == null ? "" : ": " + r.statusMessage());
        } catch (SdkException e) {
            throw AwsErrors.translate("CodeDeploy StopDeployment " + id, e);
        }
    }

    private static Deployment map(DeploymentInfo d) {
        DeploymentOverview o = d.deploymentOverview();
        var overview = o == null ? new Deployment.Overview(0, 0, 0, 0, 0)
                : new Deployment.Overview(n(o.pending()), n(o.inProgress()), n(o.succeeded()), n(o.failed()), n(o.skipped()));
        var s3 = d.revision() == null ? null : d.revision().s3Location();
        var rollback = d.rollbackInfo();
        return new Deployment(d.deploymentId(), String.valueOf(d.statusAsString()),
                d.creatorAsString() == null ? "unknown" : d.creatorAsString(),
                d.description() == null ? "" : d.description(),
                d.createTime() == null ? java.time.Instant.EPOCH : d.createTime(),
                Optional.ofNullable(d.completeTime()),
                Optional.ofNullable(s3 == null ? null : s3.bucket()), Optional.ofNullable(s3 == null ? null : s3.key()),
                overview,
                Optional.ofNullable(d.errorInformation() == null ? null : d.errorInformation().message()),
                Optional.ofNullable(rollback == null ? null : rollback.rollbackDeploymentId()).filter(s -> !s.isBlank()),
                Optional.ofNullable(rollback == null ? null : rollback.rollbackTriggeringDeploymentId()).filter(s -> !s.isBlank()));
    }

    private static long n(Long v) {
        return v == null ? 0 : v;
    }
}
