# Issue 9: logs, dashboard, alarms, notifications and rollback on alarm, against a mocked
# AWS provider.

mock_provider "aws" {
  source = "./tests/mocks"
}

# Distinct ARNs, so that "the dashboard shows every alarm" can fail.
override_resource {
  target = aws_cloudwatch_metric_alarm.cpu_high
  values = { arn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:mandelbrot-cpu-high" }
}

override_resource {
  target = aws_cloudwatch_metric_alarm.cpu_low
  values = { arn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:mandelbrot-cpu-low" }
}

override_resource {
  target = aws_cloudwatch_metric_alarm.latency_high
  values = { arn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:mandelbrot-latency-high" }
}

override_resource {
  target = aws_cloudwatch_metric_alarm.target_5xx_rate
  values = { arn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:mandelbrot-target-5xx-rate" }
}

override_resource {
  target = aws_cloudwatch_metric_alarm.unhealthy_hosts
  values = { arn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:mandelbrot-unhealthy-hosts" }
}

override_resource {
  target = aws_cloudwatch_metric_alarm.cpu_credits_low
  values = { arn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:mandelbrot-cpu-credits-low" }
}

override_resource {
  target = aws_iam_role.chatbot
  values = { arn = "arn:aws:iam::123456789012:role/mandelbrot-chatbot" }
}

run "logs_dashboard_alarms_and_rollback_on_alarm" {
  assert {
    condition     = aws_cloudwatch_log_group.instances.retention_in_days == 30 && aws_cloudwatch_log_group.instances.name == "/mandelbrot/instances"
    error_message = "The instances' log group must keep logs 30 days by default."
  }

  # The CloudWatch agent configuration, as the user data writes it on each instance.
  assert {
    condition = anytrue([
      for f in jsondecode(regex("(?s)<<'CWAGENT'\n(.*)\nCWAGENT\n", base64decode(aws_launch_template.app.user_data))[0]).logs.logs_collected.files.collect_list :
      f.file_path == "/var/log/mandelbrot/journal.log" && f.log_group_name == aws_cloudwatch_log_group.instances.name
    ])
    error_message = "The agent must ship the service's journal file to the log group."
  }

  assert {
    condition = alltrue([
      for m in ["cpu", "mem", "disk"] :
      contains(keys(jsondecode(regex("(?s)<<'CWAGENT'\n(.*)\nCWAGENT\n", base64decode(aws_launch_template.app.user_data))[0]).metrics.metrics_collected), m)
    ])
    error_message = "The agent must report CPU, memory and disk use."
  }

  assert {
    condition = (
      strcontains(base64decode(aws_launch_template.app.user_data), "journalctl --unit=mandelbrot.service --follow") &&
      strcontains(base64decode(aws_launch_template.app.user_data), "StandardOutput=append:/var/log/mandelbrot/journal.log") &&
      strcontains(base64decode(aws_launch_template.app.user_data), "amazon-cloudwatch-agent-ctl -a fetch-config")
    )
    error_message = "User data must copy the mandelbrot.service journal to the shipped file and start the agent."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_iam_role_policy.instance.policy).Statement :
      contains(flatten([s.Action]), "logs:PutLogEvents") && contains(flatten([s.Resource]), "${aws_cloudwatch_log_group.instances.arn}:*")
    ])
    error_message = "Instances may write to their log group (and only there)."
  }

  # --- Dashboard ---
  assert {
    condition = alltrue([
      for name in [
        "RequestCount", "HTTPCode_Target_5XX_Count", "HTTPCode_Target_4XX_Count", "TargetResponseTime",
        "HealthyHostCount", "UnHealthyHostCount", "GroupDesiredCapacity", "GroupInServiceInstances",
        "CPUUtilization", "CPUCreditBalance",
      ] :
      contains(flatten([
        for w in jsondecode(aws_cloudwatch_dashboard.operations.dashboard_body).widgets : [
          for m in w.properties.metrics : m[1] if can(tostring(m[0]))
        ] if w.type == "metric"
      ]), name)
    ])
    error_message = "The dashboard must plot requests, 5xx, 4xx, response time, healthy/unhealthy hosts, desired/in-service capacity, CPU and CPU credits."
  }

  assert {
    condition = toset(flatten([
      for w in jsondecode(aws_cloudwatch_dashboard.operations.dashboard_body).widgets : [
        for m in w.properties.metrics : m[length(m) - 1].stat if try(m[1], "") == "TargetResponseTime"
      ] if w.type == "metric"
    ])) == toset(["p50", "p99"])
    error_message = "The dashboard must show TargetResponseTime p50 and p99."
  }

  assert {
    condition = alltrue([
      for needle in ["MetricName=\"cpu_usage_active\"", "MetricName=\"mem_used_percent\"", "MetricName=\"disk_used_percent\"", "MetricName=\"CPUCreditBalance\""] :
      anytrue([
        for e in flatten([
          for w in jsondecode(aws_cloudwatch_dashboard.operations.dashboard_body).widgets : [
            for m in w.properties.metrics : m[0].expression if !can(tostring(m[0]))
          ] if w.type == "metric"
        ]) : strcontains(e, needle)
      ])
    ])
    error_message = "The dashboard must show CPU, CPU credits, memory and disk per instance."
  }

  assert {
    condition = toset(one([
      for w in jsondecode(aws_cloudwatch_dashboard.operations.dashboard_body).widgets : w.properties.alarms if w.type == "alarm"
      ])) == toset([
      aws_cloudwatch_metric_alarm.cpu_high.arn,
      aws_cloudwatch_metric_alarm.cpu_low.arn,
      aws_cloudwatch_metric_alarm.latency_high.arn,
      aws_cloudwatch_metric_alarm.target_5xx_rate.arn,
      aws_cloudwatch_metric_alarm.unhealthy_hosts.arn,
    ])
    error_message = "The dashboard must show the state of the scaling and operations alarms."
  }

  assert {
    condition = anytrue([
      for w in jsondecode(aws_cloudwatch_dashboard.operations.dashboard_body).widgets :
      w.type == "log" && strcontains(try(w.properties.query, ""), "SOURCE '/mandelbrot/instances'")
    ])
    error_message = "The dashboard must show recent errors from the log group."
  }

  # --- Alarms ---
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.target_5xx_rate.threshold == 5 &&
      aws_cloudwatch_metric_alarm.target_5xx_rate.comparison_operator == "GreaterThanThreshold" &&
      aws_cloudwatch_metric_alarm.target_5xx_rate.evaluation_periods == 2 &&
      aws_cloudwatch_metric_alarm.target_5xx_rate.treat_missing_data == "notBreaching" &&
      one([for q in aws_cloudwatch_metric_alarm.target_5xx_rate.metric_query : q.expression if q.return_data == true]) == "IF(requests >= 20, 100 * FILL(errors, 0) / requests, 0)" &&
      one([for q in aws_cloudwatch_metric_alarm.target_5xx_rate.metric_query : q.metric[0].metric_name if q.id == "errors"]) == "HTTPCode_Target_5XX_Count" &&
      one([for q in aws_cloudwatch_metric_alarm.target_5xx_rate.metric_query : q.metric[0].metric_name if q.id == "requests"]) == "RequestCount" &&
      alltrue([for q in aws_cloudwatch_metric_alarm.target_5xx_rate.metric_query : q.metric[0].dimensions["LoadBalancer"] == aws_lb.this.arn_suffix && q.metric[0].stat == "Sum" && q.metric[0].period == 60 if q.id != "rate"])
    )
    error_message = "The 5xx alarm must fire above 5% of requests (from 20 a minute) answered 5xx by the targets, 2 minutes running."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.unhealthy_hosts.namespace == "AWS/ApplicationELB" &&
      aws_cloudwatch_metric_alarm.unhealthy_hosts.metric_name == "UnHealthyHostCount" &&
      aws_cloudwatch_metric_alarm.unhealthy_hosts.statistic == "Maximum" &&
      aws_cloudwatch_metric_alarm.unhealthy_hosts.dimensions["TargetGroup"] == aws_lb_target_group.app.arn_suffix &&
      aws_cloudwatch_metric_alarm.unhealthy_hosts.threshold == 0 &&
      aws_cloudwatch_metric_alarm.unhealthy_hosts.comparison_operator == "GreaterThanThreshold" &&
      aws_cloudwatch_metric_alarm.unhealthy_hosts.evaluation_periods == 2
    )
    error_message = "The unhealthy-hosts alarm must fire when any target is unhealthy for 2 minutes."
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.cpu_credits_low) == 0
    error_message = "In unlimited credit mode there is no credit balance to watch."
  }

  assert {
    condition = alltrue([
      for a in [
        aws_cloudwatch_metric_alarm.target_5xx_rate, aws_cloudwatch_metric_alarm.unhealthy_hosts,
        aws_cloudwatch_metric_alarm.cpu_high, aws_cloudwatch_metric_alarm.cpu_low, aws_cloudwatch_metric_alarm.latency_high,
      ] : contains(a.alarm_actions, aws_sns_topic.operations.arn)
    ])
    error_message = "Every alarm, the seed's scaling alarms included, must notify the operations topic."
  }

  # --- Notifications and rollback on alarm ---
  assert {
    condition = (
      aws_codestarnotifications_notification_rule.deployments.resource == aws_codedeploy_app.this.arn &&
      toset(aws_codestarnotifications_notification_rule.deployments.event_type_ids) == toset([
        "codedeploy-application-deployment-started",
        "codedeploy-application-deployment-succeeded",
        "codedeploy-application-deployment-failed",
      ]) &&
      [for t in aws_codestarnotifications_notification_rule.deployments.target : t.address] == [aws_sns_topic.operations.arn]
    )
    error_message = "CodeDeploy deployments must be announced on the operations topic."
  }

  assert {
    condition = (
      one(aws_codedeploy_deployment_group.app.trigger_configuration[*].trigger_target_arn) == aws_sns_topic.operations.arn &&
      one(aws_codedeploy_deployment_group.app.trigger_configuration[*].trigger_events) == toset(["DeploymentRollback"])
    )
    error_message = "Rollbacks must be announced on the operations topic."
  }

  assert {
    condition = anytrue([
      for s in jsondecode(aws_sns_topic_policy.operations.policy).Statement :
      s.Effect == "Allow" && contains(flatten([try(s.Principal.Service, [])]), "codestar-notifications.amazonaws.com") && contains(flatten([try(s.Principal.Service, [])]), "cloudwatch.amazonaws.com")
    ])
    error_message = "The topic policy must let CloudWatch and CodeStar Notifications publish."
  }

  assert {
    condition = (
      aws_codedeploy_deployment_group.app.alarm_configuration[0].enabled &&
      toset(aws_codedeploy_deployment_group.app.alarm_configuration[0].alarms) == toset([
        aws_cloudwatch_metric_alarm.target_5xx_rate.alarm_name,
        aws_cloudwatch_metric_alarm.unhealthy_hosts.alarm_name,
      ]) &&
      toset(aws_codedeploy_deployment_group.app.auto_rollback_configuration[0].events) == toset(["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"])
    )
    error_message = "A deployment must stop and roll back when the 5xx or unhealthy-hosts alarm fires."
  }

  assert {
    condition     = length(aws_sns_topic_subscription.email) == 0 && length(aws_chatbot_slack_channel_configuration.operations) == 0 && length(aws_iam_role.chatbot) == 0
    error_message = "No e-mail subscription or Chatbot configuration unless asked for."
  }
}

run "standard_credits_email_and_slack_add_their_pieces" {
  variables {
    cpu_credits                  = "standard"
    cpu_credit_balance_threshold = 30
    target_5xx_rate_threshold    = 2
    unhealthy_hosts_threshold    = 1
    log_retention_days           = 90
    alarm_email                  = "ops@example.com"
    slack_team_id                = "T07EA123LEP"
    slack_channel_id             = "C07EZ1ABC23"
  }

  assert {
    condition = (
      length(aws_cloudwatch_metric_alarm.cpu_credits_low) == 1 &&
      aws_cloudwatch_metric_alarm.cpu_credits_low[0].namespace == "AWS/EC2" &&
      aws_cloudwatch_metric_alarm.cpu_credits_low[0].metric_name == "CPUCreditBalance" &&
      aws_cloudwatch_metric_alarm.cpu_credits_low[0].statistic == "Minimum" &&
      aws_cloudwatch_metric_alarm.cpu_credits_low[0].dimensions["AutoScalingGroupName"] == aws_autoscaling_group.app.name &&
      aws_cloudwatch_metric_alarm.cpu_credits_low[0].comparison_operator == "LessThanThreshold" &&
      aws_cloudwatch_metric_alarm.cpu_credits_low[0].threshold == 30 &&
      aws_cloudwatch_metric_alarm.cpu_credits_low[0].alarm_actions == toset([aws_sns_topic.operations.arn])
    )
    error_message = "In standard credit mode a low credit balance must raise an alarm on the topic."
  }

  assert {
    condition = contains(one([
      for w in jsondecode(aws_cloudwatch_dashboard.operations.dashboard_body).widgets : w.properties.alarms if w.type == "alarm"
    ]), aws_cloudwatch_metric_alarm.cpu_credits_low[0].arn)
    error_message = "The dashboard must show the credit alarm when there is one."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.target_5xx_rate.threshold == 2 &&
      aws_cloudwatch_metric_alarm.unhealthy_hosts.threshold == 1 &&
      aws_cloudwatch_log_group.instances.retention_in_days == 90
    )
    error_message = "Alarm thresholds and log retention must follow the variables."
  }

  assert {
    condition     = aws_sns_topic_subscription.email[0].protocol == "email" && aws_sns_topic_subscription.email[0].endpoint == "ops@example.com" && aws_sns_topic_subscription.email[0].topic_arn == aws_sns_topic.operations.arn
    error_message = "alarm_email must subscribe that address to the topic."
  }

  assert {
    condition = (
      aws_chatbot_slack_channel_configuration.operations[0].slack_team_id == "T07EA123LEP" &&
      aws_chatbot_slack_channel_configuration.operations[0].slack_channel_id == "C07EZ1ABC23" &&
      aws_chatbot_slack_channel_configuration.operations[0].sns_topic_arns == toset([aws_sns_topic.operations.arn]) &&
      aws_chatbot_slack_channel_configuration.operations[0].iam_role_arn == aws_iam_role.chatbot[0].arn &&
      aws_chatbot_slack_channel_configuration.operations[0].guardrail_policy_arns == tolist(["arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"]) &&
      jsondecode(aws_iam_role.chatbot[0].assume_role_policy).Statement[0].Principal.Service == "chatbot.amazonaws.com"
    )
    error_message = "The Slack IDs must create a Chatbot channel subscribed to the topic, with a read-only guardrail."
  }
}
