# Issue 6: the optional parts (GitHub deploy role, HTTPS, CloudFront, SSH, default VPC) and
# non-default sizes and thresholds, against a mocked AWS provider.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  certificate = "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
}

run "github_https_cloudfront_and_ssh_are_added_when_asked" {
  variables {
    github_repository = "octo-org/aws-mandelbrot"
    certificate_arn   = var.certificate
    enable_cloudfront = true
    ssh_cidr_blocks   = ["203.0.113.0/24"]
    key_name          = "my-key"
  }

  assert {
    condition = (
      jsondecode(aws_iam_role.github_deploy[0].assume_role_policy).Statement[0].Action == "sts:AssumeRoleWithWebIdentity" &&
      jsondecode(aws_iam_role.github_deploy[0].assume_role_policy).Statement[0].Principal.Federated == aws_iam_openid_connect_provider.github[0].arn &&
      aws_iam_openid_connect_provider.github[0].url == "https://token.actions.githubusercontent.com" &&
      aws_iam_openid_connect_provider.github[0].client_id_list == toset(["sts.amazonaws.com"])
    )
    error_message = "The deploy role must be assumable only through the GitHub Actions OIDC provider."
  }

  assert {
    condition = (
      keys(jsondecode(aws_iam_role.github_deploy[0].assume_role_policy).Statement[0].Condition) == ["StringEquals"] &&
      jsondecode(aws_iam_role.github_deploy[0].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == "repo:octo-org/aws-mandelbrot:ref:refs/heads/main" &&
      jsondecode(aws_iam_role.github_deploy[0].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    )
    error_message = "Only this repository's main branch (exact match, no wildcard) may assume the deploy role."
  }

  assert {
    condition     = output.mandelbot_environment["github-repository"] == "octo-org/aws-mandelbrot"
    error_message = "The bot's environment must name the repository whose CI gates a deploy."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.github_deploy[0].policy).Statement : alltrue([
        for a in flatten([s.Action]) : !startswith(a, "s3:") || (a == "s3:PutObject" && flatten([s.Resource]) == ["${aws_s3_bucket.revisions.arn}/revisions/*"])
      ])
    ])
    error_message = "The deploy role may only put objects under the revisions prefix (no s3:* and no * resource)."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(aws_iam_role_policy.github_deploy[0].policy).Statement : alltrue([
        for r in flatten([s.Resource]) : r != "*" && (startswith(r, "arn:aws:s3:::") || startswith(r, "arn:aws:codedeploy:eu-west-1:123456789012:"))
      ])
    ])
    error_message = "Every deploy-role statement must name this stack's bucket or CodeDeploy resources."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_iam_role_policy.github_deploy[0].policy).Statement :
      contains(flatten([s.Action]), "codedeploy:CreateDeployment") &&
      flatten([s.Resource]) == ["arn:aws:codedeploy:eu-west-1:123456789012:deploymentgroup:mandelbrot/mandelbrot-fleet"]
    ])
    error_message = "The deploy role may create deployments of this application's group only."
  }

  assert {
    # A group's first deployment and redeploys of an earlier revision turn alarm polling off
    # (overrideAlarmConfiguration), which CreateDeployment allows only with UpdateDeploymentGroup.
    condition = (
      anytrue([
        for s in jsondecode(aws_iam_role_policy.github_deploy[0].policy).Statement :
        contains(flatten([s.Action]), "codedeploy:UpdateDeploymentGroup") &&
        contains(flatten([s.Action]), "codedeploy:GetDeploymentGroup") &&
        flatten([s.Resource]) == ["arn:aws:codedeploy:eu-west-1:123456789012:deploymentgroup:mandelbrot/mandelbrot-fleet"]
      ]) &&
      alltrue([
        for s in jsondecode(aws_iam_role_policy.github_deploy[0].policy).Statement :
        !contains(flatten([s.Action]), "codedeploy:UpdateDeploymentGroup") || flatten([s.Resource]) == ["arn:aws:codedeploy:eu-west-1:123456789012:deploymentgroup:mandelbrot/mandelbrot-fleet"]
      ])
    )
    error_message = "The deploy role must be allowed codedeploy:UpdateDeploymentGroup and GetDeploymentGroup on this deployment group, and nowhere else."
  }

  assert {
    condition     = output.deploy_role_arn == aws_iam_role.github_deploy[0].arn
    error_message = "The deploy role ARN must be an output."
  }

  assert {
    condition = (
      length(aws_lb_listener.https) == 1 &&
      aws_lb_listener.https[0].port == 443 &&
      aws_lb_listener.https[0].certificate_arn == var.certificate &&
      startswith(aws_lb_listener.https[0].ssl_policy, "ELBSecurityPolicy-TLS13") &&
      aws_lb_listener.https[0].default_action[0].target_group_arn == aws_lb_target_group.app.arn
    )
    error_message = "A certificate adds an HTTPS listener with a TLS 1.3 policy forwarding to the target group."
  }

  # Behind CloudFront only CloudFront may reach the load balancer (no origin bypass), on port 80.
  assert {
    condition = (
      data.aws_ec2_managed_prefix_list.cloudfront[0].name == "com.amazonaws.global.cloudfront.origin-facing" &&
      aws_vpc_security_group_ingress_rule.alb_http.prefix_list_id == data.aws_ec2_managed_prefix_list.cloudfront[0].id &&
      aws_vpc_security_group_ingress_rule.alb_http.cidr_ipv4 == null &&
      length(aws_vpc_security_group_ingress_rule.alb_https) == 0
    )
    error_message = "With CloudFront the load balancer must take port 80 from CloudFront's origin-facing prefix list only, and 443 from nobody."
  }

  assert {
    condition     = aws_lb_listener.http.default_action[0].type == "forward"
    error_message = "Behind CloudFront (which reaches the origin over HTTP) the HTTP listener must serve, not redirect."
  }

  assert {
    condition     = keys(aws_lb_listener_rule.hide_metrics) == ["http", "https"]
    error_message = "With HTTPS, /metrics must be hidden on both listeners."
  }

  assert {
    condition = (
      [for o in aws_cloudfront_distribution.this[0].origin : o.domain_name] == [aws_lb.this.dns_name] &&
      [for o in aws_cloudfront_distribution.this[0].origin : o.custom_origin_config[0].origin_protocol_policy] == ["http-only"] &&
      aws_cloudfront_distribution.this[0].default_cache_behavior[0].cache_policy_id == aws_cloudfront_cache_policy.origin_cache_control[0].id &&
      aws_cloudfront_distribution.this[0].default_cache_behavior[0].viewer_protocol_policy == "redirect-to-https"
    )
    error_message = "CloudFront must front the load balancer with the origin-Cache-Control policy."
  }

  assert {
    condition = (
      aws_cloudfront_cache_policy.origin_cache_control[0].default_ttl == 0 &&
      aws_cloudfront_cache_policy.origin_cache_control[0].min_ttl == 0 &&
      aws_cloudfront_cache_policy.origin_cache_control[0].max_ttl >= 86400 &&
      aws_cloudfront_cache_policy.origin_cache_control[0].parameters_in_cache_key_and_forwarded_to_origin[0].query_strings_config[0].query_string_behavior == "all"
    )
    error_message = "CloudFront must cache exactly as long as the origin's Cache-Control says (nothing without it), keyed on the query string."
  }

  assert {
    condition     = output.url == "https://d111111abcdef8.cloudfront.net"
    error_message = "With CloudFront the public URL is the distribution's."
  }

  assert {
    condition = (
      length(aws_vpc_security_group_ingress_rule.instances_ssh) == 1 &&
      aws_vpc_security_group_ingress_rule.instances_ssh["203.0.113.0/24"].cidr_ipv4 == "203.0.113.0/24" &&
      aws_vpc_security_group_ingress_rule.instances_ssh["203.0.113.0/24"].from_port == 22 &&
      aws_launch_template.app.key_name == "my-key"
    )
    error_message = "A CIDR opens SSH to that range only, and key_name reaches the launch template."
  }
}

run "https_alone_redirects_http_and_other_types_skip_credits" {
  command = plan

  variables {
    certificate_arn = var.certificate
    instance_type   = "c7i.large"
  }

  assert {
    condition = (
      aws_lb_listener.http.default_action[0].type == "redirect" &&
      aws_lb_listener.http.default_action[0].redirect[0].protocol == "HTTPS" &&
      aws_lb_listener.http.default_action[0].redirect[0].port == "443" &&
      aws_lb_listener.http.default_action[0].redirect[0].status_code == "HTTP_301"
    )
    error_message = "With a certificate and no CloudFront, HTTP must redirect to HTTPS."
  }

  assert {
    condition = (
      length(aws_vpc_security_group_ingress_rule.alb_https) == 1 &&
      aws_vpc_security_group_ingress_rule.alb_https[0].from_port == 443 &&
      aws_vpc_security_group_ingress_rule.alb_https[0].cidr_ipv4 == "0.0.0.0/0" &&
      aws_vpc_security_group_ingress_rule.alb_http.cidr_ipv4 == "0.0.0.0/0"
    )
    error_message = "With a certificate and no CloudFront the load balancer must take HTTP and HTTPS (443) from the internet."
  }

  assert {
    condition     = length(aws_launch_template.app.credit_specification) == 0
    error_message = "Non-burstable instance types must not get a credit specification (EC2 would reject it)."
  }
}

run "default_vpc_and_an_existing_oidc_provider_can_be_used" {
  variables {
    use_default_vpc             = true
    github_repository           = "octo-org/aws-mandelbrot"
    github_branch               = "release"
    create_github_oidc_provider = false
    cpu_credits                 = "standard"
  }

  assert {
    condition = (
      length(aws_vpc.this) == 0 && length(aws_subnet.public) == 0 &&
      aws_lb.this.subnets == toset(data.aws_subnets.default[0].ids) &&
      aws_autoscaling_group.app.vpc_zone_identifier == toset(data.aws_subnets.default[0].ids) &&
      aws_security_group.alb.vpc_id == data.aws_vpc.default[0].id &&
      aws_lb_target_group.app.vpc_id == data.aws_vpc.default[0].id
    )
    error_message = "use_default_vpc must put everything in the default VPC's subnets and create no network."
  }

  assert {
    condition = (
      length(aws_iam_openid_connect_provider.github) == 0 &&
      jsondecode(aws_iam_role.github_deploy[0].assume_role_policy).Statement[0].Principal.Federated == data.aws_iam_openid_connect_provider.github[0].arn &&
      jsondecode(aws_iam_role.github_deploy[0].assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == "repo:octo-org/aws-mandelbrot:ref:refs/heads/release"
    )
    error_message = "An existing OIDC provider must be looked up, not created, and the branch must follow github_branch."
  }

  assert {
    condition     = aws_launch_template.app.credit_specification[0].cpu_credits == "standard"
    error_message = "cpu_credits must reach the launch template."
  }
}

run "min_size_alone_sets_the_starting_size" {
  command   = plan
  state_key = "min-size-alone"

  # what DEPLOY.md tells users to do for deployments without downtime
  variables {
    min_size = 2
  }

  assert {
    condition     = aws_autoscaling_group.app.min_size == 2 && aws_autoscaling_group.app.desired_capacity == 2
    error_message = "Without desired_capacity, the group must start at min_size."
  }
}

run "sizes_and_thresholds_follow_the_variables" {
  command = plan
  # A fresh state: in the shared one, desired_capacity is (rightly) ignored after creation.
  state_key = "sizes"

  variables {
    min_size                    = 2
    max_size                    = 6
    desired_capacity            = 3
    scale_out_cpu_threshold     = 80
    scale_in_cpu_threshold      = 30
    scale_out_latency_threshold = 1.5
    deployment_config_name      = "CodeDeployDefault.HalfAtATime"
    expose_metrics              = true
  }

  assert {
    condition     = length(aws_lb_listener_rule.hide_metrics) == 0
    error_message = "expose_metrics must remove the /metrics block."
  }

  assert {
    condition = (
      aws_autoscaling_group.app.min_size == 2 &&
      aws_autoscaling_group.app.max_size == 6 &&
      aws_autoscaling_group.app.desired_capacity == 3
    )
    error_message = "Group sizes must follow the variables."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.cpu_high.threshold == 80 &&
      aws_cloudwatch_metric_alarm.cpu_low.threshold == 30 &&
      aws_cloudwatch_metric_alarm.latency_high.threshold == 1.5
    )
    error_message = "Scaling thresholds must follow the variables."
  }

  assert {
    condition     = aws_codedeploy_deployment_group.app.deployment_config_name == "CodeDeployDefault.HalfAtATime"
    error_message = "The deployment configuration must follow the variable."
  }
}

# Changing app_port replaces the target group (port cannot change in place). The new group must
# get a new name, or create_before_destroy would collide with the old one still in use.
run "a_new_app_port_gets_a_target_group_of_its_own" {
  command   = plan
  state_key = "app-port"

  variables {
    app_port = 9090
  }

  assert {
    condition     = aws_lb_target_group.app.port == 9090 && aws_lb_target_group.app.name == "mandelbrot-app-9090"
    error_message = "The target group must listen on app_port and carry it in its name."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.instances_from_alb.from_port == 9090 && aws_vpc_security_group_ingress_rule.instances_from_alb.to_port == 9090
    error_message = "The instances must admit app_port from the load balancer."
  }

  # The service reads PORT from its environment files; the bundle's says 8080. User data writes
  # the instance's file, which the unit reads last (deploy/codedeploy/app/mandelbrot.service).
  assert {
    condition = (
      regex("(?s)cat > /etc/mandelbrot/instance.env <<'INSTANCE_ENV'\n(.*?)\nINSTANCE_ENV\n", base64decode(aws_launch_template.app.user_data))[0] ==
      "# Written by user data at first boot (Terraform, infra/terraform). Replaced with the instance.\nPORT=9090"
    )
    error_message = "User data must write PORT=app_port to /etc/mandelbrot/instance.env."
  }
}

# service_environment: settings for every instance, written by user data next to PORT.
run "service_environment_is_written_to_the_instance_environment_file" {
  command   = plan
  state_key = "service-environment"

  variables {
    service_environment = {
      LOG_FORMAT = "json"
      JAVA_OPTS  = "-Xms112m -Xmx112m -XX:+UseSerialGC"
    }
  }

  assert {
    condition = (
      regex("(?s)cat > /etc/mandelbrot/instance.env <<'INSTANCE_ENV'\\n(.*?)\\nINSTANCE_ENV\\n", base64decode(aws_launch_template.app.user_data))[0] ==
      "# Written by user data at first boot (Terraform, infra/terraform). Replaced with the instance.\nJAVA_OPTS=\"-Xms112m -Xmx112m -XX:+UseSerialGC\"\nLOG_FORMAT=\"json\"\nPORT=8080"
    )
    error_message = "User data must write service_environment (sorted, quoted) and then PORT to /etc/mandelbrot/instance.env."
  }
}
