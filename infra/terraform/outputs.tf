# What the pipeline (.github/workflows/deploy.yml), Mandelbot and people need to reach the
# stack. `terraform output -json` gives them all at once.

locals {
  public_url = (
    var.enable_cloudfront ? "https://${aws_cloudfront_distribution.this[0].domain_name}" :
    local.https_enabled ? "https://${aws_lb.this.dns_name}" :
    "http://${aws_lb.this.dns_name}"
  )
}

output "url" {
  description = "Public URL of the service (CloudFront when enabled, else the load balancer). With a certificate and no CloudFront, point your domain's DNS at alb_dns_name and use that name (behind CloudFront the load balancer admits only CloudFront)."
  value       = local.public_url
}

output "region" {
  description = "Region the stack runs in."
  value       = local.region
}

output "alb_dns_name" {
  description = "DNS name of the load balancer."
  value       = aws_lb.this.dns_name
}

output "alb_arn_suffix" {
  description = "Load balancer ARN suffix, the LoadBalancer dimension of its CloudWatch metrics."
  value       = aws_lb.this.arn_suffix
}

output "target_group_arn" {
  description = "ARN of the target group the instances serve from."
  value       = aws_lb_target_group.app.arn
}

output "autoscaling_group_name" {
  description = "Name of the Auto Scaling group (scale by hand: aws autoscaling set-desired-capacity)."
  value       = aws_autoscaling_group.app.name
}

output "revisions_bucket_name" {
  description = "S3 bucket that holds the application revisions."
  value       = aws_s3_bucket.revisions.id
}

output "revisions_key_prefix" {
  description = "Key prefix under which revisions must be uploaded (the deploy role may write only there)."
  value       = "${local.revision_prefix}/"
}

output "codedeploy_app_name" {
  description = "CodeDeploy application name."
  value       = aws_codedeploy_app.this.name
}

output "codedeploy_deployment_group_name" {
  description = "CodeDeploy deployment group name."
  value       = aws_codedeploy_deployment_group.app.deployment_group_name
}

output "codedeploy_deployment_config_name" {
  description = "CodeDeploy deployment configuration used by the group."
  value       = aws_codedeploy_deployment_group.app.deployment_config_name
}

output "deploy_role_arn" {
  description = "Role GitHub Actions assumes to deploy (set github_repository to create it); null otherwise."
  value       = one(aws_iam_role.github_deploy[*].arn)
}

output "cloudfront_distribution_id" {
  description = "CloudFront distribution ID (for invalidations); null unless enable_cloudfront."
  value       = one(aws_cloudfront_distribution.this[*].id)
}

output "sns_topic_arn" {
  description = "SNS topic that receives alarms and deployment notifications."
  value       = aws_sns_topic.operations.arn
}

output "log_group_name" {
  description = "CloudWatch Logs group with every instance's service, CodeDeploy and boot logs."
  value       = aws_cloudwatch_log_group.instances.name
}

output "dashboard_url" {
  description = "CloudWatch dashboard of the service."
  value       = "https://${local.region}.console.aws.amazon.com/cloudwatch/home?region=${local.region}#dashboards/dashboard/${aws_cloudwatch_dashboard.operations.dashboard_name}"
}

output "alarm_names" {
  description = "Alarms by role: the ones that roll back deployments, and the seed's scaling alarms."
  value = {
    deployment_rollback = local.deployment_alarm_names
    scaling = [
      aws_cloudwatch_metric_alarm.cpu_high.alarm_name,
      aws_cloudwatch_metric_alarm.cpu_low.alarm_name,
      aws_cloudwatch_metric_alarm.latency_high.alarm_name,
    ]
    cpu_credits_low = one(aws_cloudwatch_metric_alarm.cpu_credits_low[*].alarm_name)
  }
}

output "mandelbot_policy_arn" {
  description = "IAM policy with exactly what Mandelbot needs; attach it to the identity that runs the bot."
  value       = aws_iam_policy.mandelbot.arn
}

output "mandelbot_environment" {
  description = "This stack as one Mandelbot environment, keys as in the bot's configuration file: `terraform output -json mandelbot_environment` is valid YAML to paste under `environments.<name>` before adding `allowed-channels` and `users` (docs/CHATOPS.md). `github-repository` is null until var.github_repository is set."
  value = {
    "application"        = aws_codedeploy_app.this.name
    "deployment-group"   = aws_codedeploy_deployment_group.app.deployment_group_name
    "auto-scaling-group" = aws_autoscaling_group.app.name
    "target-group-arn"   = aws_lb_target_group.app.arn
    "revisions-bucket"   = aws_s3_bucket.revisions.id
    "revisions-prefix"   = "${local.revision_prefix}/"
    "alarm-names"        = local.alarm_names
    "github-repository"  = var.github_repository
    "max-capacity"       = var.max_size
  }
}
