# Issue 6: the stack with its default variables, applied against a mocked AWS provider.
# Four runs (each apply costs seconds), one per part of the stack; they share one state.

mock_provider "aws" {
  source = "./tests/mocks"
}

# Values the tests must tell apart get distinct mocked IDs and ARNs: with one shared default,
# "wired to the right one" could not fail.
override_resource {
  target = aws_security_group.alb
  values = { id = "sg-0a1b0000000000a1b" }
}

override_resource {
  target = aws_security_group.instances
  values = { id = "sg-0c2d0000000000c2d" }
}

override_resource {
  target = aws_iam_role.instance
  values = { arn = "arn:aws:iam::123456789012:role/mandelbrot-instance" }
}

override_resource {
  target = aws_iam_role.codedeploy
  values = { arn = "arn:aws:iam::123456789012:role/mandelbrot-codedeploy" }
}

override_resource {
  target = aws_autoscaling_policy.scale_out_cpu
  values = { arn = "arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:00000000-0000-4000-8000-000000000001:autoScalingGroupName/mandelbrot-asg:policyName/mandelbrot-scale-out-cpu" }
}

override_resource {
  target = aws_autoscaling_policy.scale_in_cpu
  values = { arn = "arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:00000000-0000-4000-8000-000000000002:autoScalingGroupName/mandelbrot-asg:policyName/mandelbrot-scale-in-cpu" }
}

override_resource {
  target = aws_autoscaling_policy.scale_out_latency
  values = { arn = "arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:00000000-0000-4000-8000-000000000003:autoScalingGroupName/mandelbrot-asg:policyName/mandelbrot-scale-out-latency" }
}

run "the_seeds_three_scaling_policies_are_wired_to_their_alarms_exactly" {
  assert {
    condition = (
      aws_autoscaling_policy.scale_out_cpu.policy_type == "SimpleScaling" &&
      aws_autoscaling_policy.scale_out_cpu.adjustment_type == "PercentChangeInCapacity" &&
      aws_autoscaling_policy.scale_out_cpu.scaling_adjustment == 50 &&
      aws_autoscaling_policy.scale_out_cpu.min_adjustment_magnitude == 1 &&
      aws_autoscaling_policy.scale_out_cpu.cooldown == 300 &&
      aws_autoscaling_policy.scale_out_cpu.autoscaling_group_name == aws_autoscaling_group.app.name
    )
    error_message = "CPU scale-out policy must be simple scaling +50% (at least 1), cooldown 300 s, on the group."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.cpu_high.namespace == "AWS/EC2" &&
      aws_cloudwatch_metric_alarm.cpu_high.metric_name == "CPUUtilization" &&
      aws_cloudwatch_metric_alarm.cpu_high.statistic == "Average" &&
      aws_cloudwatch_metric_alarm.cpu_high.period == 60 &&
      aws_cloudwatch_metric_alarm.cpu_high.evaluation_periods == 2 &&
      aws_cloudwatch_metric_alarm.cpu_high.datapoints_to_alarm == 2 &&
      aws_cloudwatch_metric_alarm.cpu_high.comparison_operator == "GreaterThanThreshold" &&
      aws_cloudwatch_metric_alarm.cpu_high.threshold == 70 &&
      aws_cloudwatch_metric_alarm.cpu_high.dimensions["AutoScalingGroupName"] == aws_autoscaling_group.app.name
    )
    error_message = "CPU high alarm must be group-average CPU > 70% for 2 consecutive 1-minute periods."
  }

  assert {
    condition = (
      contains(aws_cloudwatch_metric_alarm.cpu_high.alarm_actions, aws_autoscaling_policy.scale_out_cpu.arn) &&
      !contains(aws_cloudwatch_metric_alarm.cpu_high.alarm_actions, aws_autoscaling_policy.scale_in_cpu.arn) &&
      !contains(aws_cloudwatch_metric_alarm.cpu_high.alarm_actions, aws_autoscaling_policy.scale_out_latency.arn)
    )
    error_message = "CPU high alarm must trigger the CPU scale-out policy and no other policy."
  }

  assert {
    condition = (
      aws_autoscaling_policy.scale_in_cpu.policy_type == "SimpleScaling" &&
      aws_autoscaling_policy.scale_in_cpu.adjustment_type == "ChangeInCapacity" &&
      aws_autoscaling_policy.scale_in_cpu.scaling_adjustment == -1 &&
      aws_autoscaling_policy.scale_in_cpu.cooldown == 300 &&
      aws_autoscaling_policy.scale_in_cpu.autoscaling_group_name == aws_autoscaling_group.app.name
    )
    error_message = "CPU scale-in policy must be simple scaling -1 instance, cooldown 300 s."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.cpu_low.namespace == "AWS/EC2" &&
      aws_cloudwatch_metric_alarm.cpu_low.metric_name == "CPUUtilization" &&
      aws_cloudwatch_metric_alarm.cpu_low.statistic == "Average" &&
      aws_cloudwatch_metric_alarm.cpu_low.period == 60 &&
      aws_cloudwatch_metric_alarm.cpu_low.evaluation_periods == 2 &&
      aws_cloudwatch_metric_alarm.cpu_low.datapoints_to_alarm == 2 &&
      aws_cloudwatch_metric_alarm.cpu_low.comparison_operator == "LessThanThreshold" &&
      aws_cloudwatch_metric_alarm.cpu_low.threshold == 40 &&
      aws_cloudwatch_metric_alarm.cpu_low.dimensions["AutoScalingGroupName"] == aws_autoscaling_group.app.name
    )
    error_message = "CPU low alarm must be group-average CPU < 40% for 2 consecutive 1-minute periods."
  }

  assert {
    condition = (
      contains(aws_cloudwatch_metric_alarm.cpu_low.alarm_actions, aws_autoscaling_policy.scale_in_cpu.arn) &&
      !contains(aws_cloudwatch_metric_alarm.cpu_low.alarm_actions, aws_autoscaling_policy.scale_out_cpu.arn) &&
      !contains(aws_cloudwatch_metric_alarm.cpu_low.alarm_actions, aws_autoscaling_policy.scale_out_latency.arn)
    )
    error_message = "CPU low alarm must trigger the scale-in policy and no other policy."
  }

  assert {
    condition = (
      aws_autoscaling_policy.scale_out_latency.policy_type == "SimpleScaling" &&
      aws_autoscaling_policy.scale_out_latency.adjustment_type == "PercentChangeInCapacity" &&
      aws_autoscaling_policy.scale_out_latency.scaling_adjustment == 50 &&
      aws_autoscaling_policy.scale_out_latency.min_adjustment_magnitude == 1 &&
      aws_autoscaling_policy.scale_out_latency.cooldown == 300
    )
    error_message = "Latency scale-out policy must be simple scaling +50% (at least 1), cooldown 300 s."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.latency_high.namespace == "AWS/ApplicationELB" &&
      aws_cloudwatch_metric_alarm.latency_high.metric_name == "TargetResponseTime" &&
      aws_cloudwatch_metric_alarm.latency_high.statistic == "Average" &&
      aws_cloudwatch_metric_alarm.latency_high.period == 60 &&
      aws_cloudwatch_metric_alarm.latency_high.evaluation_periods == 1 &&
      aws_cloudwatch_metric_alarm.latency_high.comparison_operator == "GreaterThanThreshold" &&
      aws_cloudwatch_metric_alarm.latency_high.threshold == 3 &&
      aws_cloudwatch_metric_alarm.latency_high.dimensions["LoadBalancer"] == aws_lb.this.arn_suffix
    )
    error_message = "Latency alarm must be the ALB's average TargetResponseTime > 3 s (3000 ms) for one 1-minute period."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.latency_high.treat_missing_data == "notBreaching"
    error_message = "No traffic (missing latency data) must not trigger a scale-out."
  }

  assert {
    condition = (
      contains(aws_cloudwatch_metric_alarm.latency_high.alarm_actions, aws_autoscaling_policy.scale_out_latency.arn) &&
      !contains(aws_cloudwatch_metric_alarm.latency_high.alarm_actions, aws_autoscaling_policy.scale_out_cpu.arn) &&
      !contains(aws_cloudwatch_metric_alarm.latency_high.alarm_actions, aws_autoscaling_policy.scale_in_cpu.arn)
    )
    error_message = "Latency alarm must trigger the latency scale-out policy and no other policy."
  }
}

run "instances_are_al2023_imdsv2_t2_micro_unlimited_in_an_elb_checked_group" {
  assert {
    condition     = aws_launch_template.app.metadata_options[0].http_tokens == "required" && aws_launch_template.app.metadata_options[0].http_endpoint == "enabled"
    error_message = "The launch template must require IMDSv2 tokens."
  }

  assert {
    condition = (
      data.aws_ssm_parameter.ami[0].name == "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64" &&
      aws_launch_template.app.image_id == data.aws_ssm_parameter.ami[0].insecure_value
    )
    error_message = "The AMI must come from the public Amazon Linux 2023 SSM parameter."
  }

  assert {
    condition     = aws_launch_template.app.instance_type == "t2.micro"
    error_message = "The default instance type must be the seed's t2.micro."
  }

  assert {
    condition     = length(aws_launch_template.app.credit_specification) == 1 && aws_launch_template.app.credit_specification[0].cpu_credits == "unlimited"
    error_message = "Burstable instances must default to unlimited CPU credits."
  }

  assert {
    condition     = aws_launch_template.app.monitoring[0].enabled
    error_message = "Detailed (1-minute) monitoring must be on by default: the seed's alarms use 1-minute periods."
  }

  assert {
    condition     = aws_launch_template.app.iam_instance_profile[0].arn == aws_iam_instance_profile.instance.arn && aws_iam_instance_profile.instance.role == aws_iam_role.instance.name
    error_message = "Instances must get the instance profile of the instance role."
  }

  assert {
    condition     = aws_launch_template.app.key_name == null
    error_message = "No key pair unless key_name is given."
  }

  assert {
    condition     = aws_launch_template.app.block_device_mappings[0].ebs[0].encrypted == "true"
    error_message = "The root volume must be encrypted."
  }

  assert {
    condition = alltrue([for needle in [
      "dnf install -y java-25-amazon-corretto-headless",
      "https://aws-codedeploy-eu-west-1.s3.eu-west-1.amazonaws.com/latest/install",
      "systemctl enable --now codedeploy-agent",
    ] : strcontains(base64decode(aws_launch_template.app.user_data), needle)])
    error_message = "User data must install Corretto 25 and the CodeDeploy agent from the regional bucket."
  }

  assert {
    condition = (
      aws_autoscaling_group.app.min_size == 1 &&
      aws_autoscaling_group.app.max_size == 4 &&
      aws_autoscaling_group.app.desired_capacity == 1
    )
    error_message = "The group must default to min 1, max 4, desired 1."
  }

  assert {
    condition     = aws_autoscaling_group.app.health_check_type == "ELB" && aws_autoscaling_group.app.health_check_grace_period == 300
    error_message = "The group must use the load balancer's health checks with a 300 s grace period."
  }

  assert {
    condition     = aws_autoscaling_group.app.target_group_arns == toset([aws_lb_target_group.app.arn])
    error_message = "The group must register its instances in the target group."
  }

  assert {
    condition     = aws_autoscaling_group.app.launch_template[0].id == aws_launch_template.app.id
    error_message = "The group must launch from the launch template."
  }

  assert {
    condition = (
      length(aws_subnet.public) == 2 &&
      length(toset(aws_subnet.public[*].availability_zone)) == 2 &&
      alltrue([for s in aws_subnet.public : s.map_public_ip_on_launch])
    )
    error_message = "The created VPC must have a public subnet in each of 2 availability zones."
  }
}

run "only_the_load_balancer_is_reachable_and_it_checks_slash_health" {
  assert {
    condition = (
      aws_lb_target_group.app.health_check[0].path == "/health" &&
      aws_lb_target_group.app.health_check[0].matcher == "200" &&
      aws_lb_target_group.app.port == 8080 &&
      aws_lb_target_group.app.protocol == "HTTP"
    )
    error_message = "The target group must health-check /health on the app port."
  }

  assert {
    condition     = aws_lb_target_group.app.deregistration_delay == "30"
    error_message = "The deregistration delay must default to 30 s."
  }

  assert {
    condition     = aws_lb.this.load_balancer_type == "application" && !aws_lb.this.internal
    error_message = "The load balancer must be a public Application Load Balancer."
  }

  assert {
    condition = (
      aws_lb_listener.http.port == 80 &&
      aws_lb_listener.http.default_action[0].type == "forward" &&
      aws_lb_listener.http.default_action[0].target_group_arn == aws_lb_target_group.app.arn &&
      length(aws_lb_listener.https) == 0
    )
    error_message = "Without a certificate, HTTP forwards to the target group and there is no HTTPS listener."
  }

  assert {
    condition = (
      keys(aws_lb_listener_rule.hide_metrics) == ["http"] &&
      aws_lb_listener_rule.hide_metrics["http"].listener_arn == aws_lb_listener.http.arn &&
      anytrue([for c in aws_lb_listener_rule.hide_metrics["http"].condition : contains(flatten([for p in c.path_pattern : p.values]), "/metrics")]) &&
      aws_lb_listener_rule.hide_metrics["http"].action[0].type == "fixed-response" &&
      aws_lb_listener_rule.hide_metrics["http"].action[0].fixed_response[0].status_code == "404"
    )
    error_message = "The load balancer must answer 404 for /metrics by default."
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.instances_from_alb.security_group_id == aws_security_group.instances.id &&
      aws_vpc_security_group_ingress_rule.instances_from_alb.referenced_security_group_id == aws_security_group.alb.id &&
      aws_vpc_security_group_ingress_rule.instances_from_alb.from_port == 8080 &&
      aws_vpc_security_group_ingress_rule.instances_from_alb.to_port == 8080 &&
      aws_vpc_security_group_ingress_rule.instances_from_alb.cidr_ipv4 == null
    )
    error_message = "Instances must accept the app port from the load balancer's security group only."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.instances_ssh) == 0
    error_message = "SSH must be closed when no CIDR is given."
  }

  assert {
    condition = alltrue([
      for r in concat(
        [aws_vpc_security_group_ingress_rule.alb_http, aws_vpc_security_group_ingress_rule.instances_from_alb],
        aws_vpc_security_group_ingress_rule.alb_https,
        values(aws_vpc_security_group_ingress_rule.instances_ssh),
      ) : !(contains(["0.0.0.0/0", "::/0"], coalesce(r.cidr_ipv4, r.cidr_ipv6, "none")) && ((r.from_port <= 22 && r.to_port >= 22) || (r.from_port <= 8080 && r.to_port >= 8080)))
    ])
    error_message = "No ingress rule may open SSH or the app port to the world."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.alb_http.cidr_ipv4 == "0.0.0.0/0" && length(aws_vpc_security_group_ingress_rule.alb_https) == 0
    error_message = "Without a certificate the load balancer must take HTTP from the internet, and port 443 must stay closed (no HTTPS listener)."
  }
}

run "revisions_and_deployments_are_locked_down_and_named_in_outputs" {
  assert {
    condition     = aws_s3_bucket_versioning.revisions.versioning_configuration[0].status == "Enabled"
    error_message = "The revisions bucket must be versioned."
  }

  assert {
    condition     = one([for r in aws_s3_bucket_server_side_encryption_configuration.revisions.rule : r.apply_server_side_encryption_by_default[0].sse_algorithm]) == "AES256"
    error_message = "The revisions bucket must be encrypted at rest."
  }

  assert {
    condition = (
      aws_s3_bucket_public_access_block.revisions.block_public_acls &&
      aws_s3_bucket_public_access_block.revisions.block_public_policy &&
      aws_s3_bucket_public_access_block.revisions.ignore_public_acls &&
      aws_s3_bucket_public_access_block.revisions.restrict_public_buckets
    )
    error_message = "All public access to the revisions bucket must be blocked."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_s3_bucket_policy.revisions.policy).Statement :
      s.Effect == "Deny" && s.Principal == "*" &&
      s.Condition.Bool["aws:SecureTransport"] == "false" &&
      toset(s.Resource) == toset([aws_s3_bucket.revisions.arn, "${aws_s3_bucket.revisions.arn}/*"])
    ])
    error_message = "The bucket policy must deny every request that does not use TLS."
  }

  assert {
    condition = (
      aws_s3_bucket_lifecycle_configuration.revisions.rule[0].status == "Enabled" &&
      aws_s3_bucket_lifecycle_configuration.revisions.rule[0].noncurrent_version_expiration[0].noncurrent_days == 30
    )
    error_message = "Old (noncurrent) revision versions must expire."
  }

  assert {
    condition = alltrue([
      for s in concat(jsondecode(aws_iam_role_policy.instance.policy).Statement, jsondecode(aws_iam_policy.mandelbot.policy).Statement) : alltrue([
        for a in flatten([s.Action]) : !startswith(a, "s3:") || (
          !strcontains(a, "*") && alltrue([for r in flatten([s.Resource]) : r != "*" && startswith(r, "arn:aws:s3:::")])
        )
      ])
    ])
    error_message = "No statement of the instance role or the Mandelbot policy may use an s3 wildcard action or a * resource for S3."
  }

  assert {
    condition = (
      anytrue([
        for s in jsondecode(aws_iam_policy.mandelbot.policy).Statement :
        contains(flatten([s.Action]), "codedeploy:StopDeployment") && flatten([s.Resource]) == ["arn:aws:codedeploy:eu-west-1:123456789012:deploymentgroup:mandelbrot/mandelbrot-fleet"]
      ]) &&
      anytrue([
        for s in jsondecode(aws_iam_policy.mandelbot.policy).Statement :
        contains(flatten([s.Action]), "autoscaling:UpdateAutoScalingGroup") && flatten([s.Resource]) == ["arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:*:autoScalingGroupName/mandelbrot-asg"]
      ])
    )
    error_message = "Mandelbot may deploy and roll back only this group and resize only this Auto Scaling group."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_iam_policy.mandelbot.policy).Statement :
      flatten([s.Action]) == ["cloudwatch:DescribeAlarms"] &&
      contains(flatten([s.Resource]), "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:mandelbrot-unhealthy-hosts") &&
      alltrue([for r in flatten([s.Resource]) : !strcontains(r, "*")]) &&
      length(flatten([s.Resource])) == length(output.mandelbot_environment["alarm-names"])
    ])
    error_message = "Mandelbot may read exactly this stack's alarms, by name: a name prefix also matches another stack's (mandelbrot-staging-...)."
  }

  assert {
    # Its first deployment and its rollbacks turn alarm polling off (overrideAlarmConfiguration),
    # which CreateDeployment allows only with UpdateDeploymentGroup; it asks GetDeploymentGroup
    # whether the group ever succeeded.
    condition = (
      anytrue([
        for s in jsondecode(aws_iam_policy.mandelbot.policy).Statement :
        contains(flatten([s.Action]), "codedeploy:UpdateDeploymentGroup") &&
        contains(flatten([s.Action]), "codedeploy:GetDeploymentGroup") &&
        flatten([s.Resource]) == ["arn:aws:codedeploy:eu-west-1:123456789012:deploymentgroup:mandelbrot/mandelbrot-fleet"]
      ]) &&
      alltrue([
        for s in jsondecode(aws_iam_policy.mandelbot.policy).Statement :
        !contains(flatten([s.Action]), "codedeploy:UpdateDeploymentGroup") || flatten([s.Resource]) == ["arn:aws:codedeploy:eu-west-1:123456789012:deploymentgroup:mandelbrot/mandelbrot-fleet"]
      ])
    )
    error_message = "Mandelbot must be allowed codedeploy:UpdateDeploymentGroup and GetDeploymentGroup on this deployment group, and nowhere else."
  }

  assert {
    condition = toset(flatten([
      for s in jsondecode(aws_iam_role_policy.instance.policy).Statement : s.Resource if anytrue([for a in flatten([s.Action]) : startswith(a, "s3:")])
    ])) == toset(["${aws_s3_bucket.revisions.arn}/revisions/*", "arn:aws:s3:::aws-codedeploy-eu-west-1/*"])
    error_message = "The instance role may read only the revisions (under the prefix) and the regional CodeDeploy agent bucket."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.instance.policy).Statement : alltrue([
        for a in flatten([s.Action]) : !startswith(a, "s3:") || contains(["s3:GetObject", "s3:GetObjectVersion"], a)
      ])
    ])
    error_message = "The instance role may only read objects from S3."
  }

  assert {
    condition     = aws_iam_role_policy_attachment.instance_ssm.policy_arn == "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" && aws_iam_role_policy_attachment.instance_ssm.role == aws_iam_role.instance.name
    error_message = "Instances must be reachable by Session Manager."
  }

  assert {
    condition     = jsondecode(aws_iam_role.codedeploy.assume_role_policy).Statement[0].Principal.Service == "codedeploy.amazonaws.com" && aws_iam_role_policy_attachment.codedeploy.policy_arn == "arn:aws:iam::aws:policy/service-role/AWSCodeDeployRole"
    error_message = "The CodeDeploy service role must be assumable by CodeDeploy and carry its managed policy."
  }

  assert {
    # AWS's CodeDeploy user guide: an Auto Scaling group with a launch template needs these too.
    condition = (
      aws_iam_role_policy.codedeploy_launch_template.role == aws_iam_role.codedeploy.id &&
      anytrue([
        for s in jsondecode(aws_iam_role_policy.codedeploy_launch_template.policy).Statement :
        s.Effect == "Allow" && contains(flatten([s.Action]), "ec2:RunInstances") && contains(flatten([s.Action]), "ec2:CreateTags")
      ])
    )
    error_message = "The CodeDeploy service role must be allowed ec2:RunInstances and ec2:CreateTags (the group uses a launch template)."
  }

  assert {
    condition = (
      anytrue([
        for s in jsondecode(aws_iam_role_policy.codedeploy_launch_template.policy).Statement :
        flatten([s.Action]) == ["iam:PassRole"] && flatten([s.Resource]) == ["arn:aws:iam::123456789012:role/mandelbrot-instance"] &&
        try(s.Condition.StringEquals["iam:PassedToService"], null) == "ec2.amazonaws.com"
      ]) &&
      alltrue([
        for s in jsondecode(aws_iam_role_policy.codedeploy_launch_template.policy).Statement :
        !contains(flatten([s.Action]), "iam:PassRole") || flatten([s.Resource]) == ["arn:aws:iam::123456789012:role/mandelbrot-instance"]
      ])
    )
    error_message = "The CodeDeploy service role may pass only the instance role, and only to EC2."
  }

  assert {
    condition     = length(aws_iam_role.github_deploy) == 0 && length(aws_iam_openid_connect_provider.github) == 0
    error_message = "No GitHub deploy role or OIDC provider unless github_repository is set."
  }

  assert {
    condition = (
      aws_codedeploy_deployment_group.app.app_name == aws_codedeploy_app.this.name &&
      aws_codedeploy_app.this.compute_platform == "Server" &&
      aws_codedeploy_deployment_group.app.autoscaling_groups == toset([aws_autoscaling_group.app.name]) &&
      one(aws_codedeploy_deployment_group.app.load_balancer_info[0].target_group_info[*].name) == aws_lb_target_group.app.name
    )
    error_message = "The deployment group must deploy to the Auto Scaling group behind the target group."
  }

  assert {
    condition = (
      aws_codedeploy_deployment_group.app.deployment_style[0].deployment_type == "IN_PLACE" &&
      aws_codedeploy_deployment_group.app.deployment_style[0].deployment_option == "WITH_TRAFFIC_CONTROL" &&
      aws_codedeploy_deployment_group.app.deployment_config_name == "CodeDeployDefault.OneAtATime"
    )
    error_message = "Deployments must be in place, with traffic control, one instance at a time."
  }

  assert {
    condition = (
      aws_codedeploy_deployment_group.app.auto_rollback_configuration[0].enabled &&
      contains(aws_codedeploy_deployment_group.app.auto_rollback_configuration[0].events, "DEPLOYMENT_FAILURE")
    )
    error_message = "A failed deployment must roll back automatically."
  }

  assert {
    condition     = aws_codedeploy_deployment_group.app.service_role_arn == aws_iam_role.codedeploy.arn
    error_message = "The deployment group must use the CodeDeploy service role."
  }

  assert {
    condition     = output.url == "http://${aws_lb.this.dns_name}"
    error_message = "Without CloudFront or a certificate, the URL is the load balancer over HTTP."
  }

  assert {
    condition = (
      output.revisions_bucket_name == aws_s3_bucket.revisions.id &&
      output.revisions_key_prefix == "revisions/" &&
      output.codedeploy_app_name == "mandelbrot" &&
      output.codedeploy_deployment_group_name == "mandelbrot-fleet" &&
      output.autoscaling_group_name == "mandelbrot-asg" &&
      output.target_group_arn == aws_lb_target_group.app.arn &&
      output.deploy_role_arn == null &&
      output.region == "eu-west-1" &&
      output.mandelbot_environment["auto-scaling-group"] == aws_autoscaling_group.app.name &&
      output.mandelbot_environment["revisions-prefix"] == "revisions/" &&
      contains(output.mandelbot_environment["alarm-names"], "mandelbrot-unhealthy-hosts") &&
      contains(output.mandelbot_environment["alarm-names"], "mandelbrot-cpu-high") &&
      output.mandelbot_environment["github-repository"] == null &&
      output.mandelbot_policy_arn == aws_iam_policy.mandelbot.arn
    )
    error_message = "Outputs must name the bucket, prefix, CodeDeploy app and group, group, target group and region."
  }
}
