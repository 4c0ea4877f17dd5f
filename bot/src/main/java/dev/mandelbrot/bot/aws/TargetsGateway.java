package dev.mandelbrot.bot.aws;

import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;

/** The ELBv2 call the bot makes (XML query protocol on the wire). */
public final class TargetsGateway {

    private final ElasticLoadBalancingV2Client client;

    public TargetsGateway(ElasticLoadBalancingV2Client client) {
        this.client = client;
    }

    /** Health of every target registered in the group. */
    public List<TargetHealth> health(String targetGroupArn) {
        try {
            return client.describeTargetHealth(r -> r.targetGroupArn(targetGroupArn)).targetHealthDescriptions().stream()
                    .map(d -> new TargetHealth(d.target().id(), d.target().port(),
                            d.targetHealth() == null ? "unknown" : d.targetHealth().stateAsString(),
                            d.targetHealth() == null || d.targetHealth().reason() == null ? ""
                                    : d.targetHealth().reasonAsString()))
                    .toList();
        } catch (SdkException e) {
            throw AwsErrors.translate("ELB DescribeTargetHealth", e);
        }
    }
}
