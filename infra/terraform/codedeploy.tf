# CodeDeploy: puts each revision on the fleet, one instance at a time, behind the load balancer.
#
# In-place deployments WITH_TRAFFIC_CONTROL: each instance is taken out of the target group,
# updated by the appspec hooks, health-checked, and put back. The group is bound to the Auto
# Scaling group, so CodeDeploy installs a launch lifecycle hook: every instance the group
# launches (scale-out, replacement, instance refresh) receives the last successful revision
# before it takes traffic. A failed deployment, or one during which the 5xx or unhealthy-hosts
# alarm fires (monitoring.tf), is stopped and rolled back to the last good revision.

resource "aws_codedeploy_app" "this" {
  name             = var.name
  compute_platform = "Server"
}

resource "aws_codedeploy_deployment_group" "app" {
  app_name               = aws_codedeploy_app.this.name
  deployment_group_name  = "${var.name}-fleet"
  service_role_arn       = aws_iam_role.codedeploy.arn
  deployment_config_name = var.deployment_config_name
  autoscaling_groups     = [aws_autoscaling_group.app.name]

  deployment_style {
    deployment_type   = "IN_PLACE"
    deployment_option = "WITH_TRAFFIC_CONTROL"
  }

  load_balancer_info {
    target_group_info {
      name = aws_lb_target_group.app.name
    }
  }

  auto_rollback_configuration {
    enabled = true
    events  = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]
  }

  # A deployment is stopped while any of these is in ALARM. The unhealthy-hosts alarm is in
  # ALARM until the first revision is deployed, so the group's first deployment, and redeploys
  # of a known-good revision, are created with alarm polling off (deploy/ci/deploy-revision.sh,
  # Mandelbot; the overrideAlarmConfiguration needs UpdateDeploymentGroup, iam.tf).
  alarm_configuration {
    enabled = true
    alarms  = local.deployment_alarm_names
    # If CloudWatch cannot be asked, do not carry on blind.
    ignore_poll_alarm_failure = false
  }

  # Raw CodeDeploy events for rollbacks (the notification rule in monitoring.tf covers
  # started/succeeded/failed in a form Chatbot renders).
  trigger_configuration {
    trigger_name       = "${var.name}-rollbacks"
    trigger_events     = ["DeploymentRollback"]
    trigger_target_arn = aws_sns_topic.operations.arn
  }

  # Not set here: ec2DeploymentOptions.autoScalingGroupProcessesToSuspend (CodeDeploy suspends
  # Terminate/AZRebalance/InstanceRefresh during a deployment, so a scale-in cannot kill an
  # instance mid-update). hashicorp/aws 5.100.0 has no argument for it (checked with
  # `terraform providers schema -json`); docs/DEPLOY.md "Scale-in during a deployment" gives the
  # CLI command. The role's AWSCodeDeployRole policy already allows Suspend/ResumeProcesses.

  # The service role needs its policies before CodeDeploy validates the group.
  depends_on = [aws_iam_role_policy_attachment.codedeploy, aws_iam_role_policy.codedeploy_launch_template]
}
