# Day-2 operations: see the fleet, get told when it hurts, roll back on alarm.
#
#   logs       one log group (with retention) for every instance's service journal, CodeDeploy
#              agent and boot logs; the CloudWatch agent config is in instances.tf
#   alarms     5xx rate and unhealthy hosts (these two also stop and roll back a running
#              deployment, codedeploy.tf), CPU credits running low (standard credit mode only),
#              and the seed's scaling alarms (scaling.tf)
#   topic      one SNS topic for all of it, plus CodeDeploy notifications; optional e-mail and
#              AWS Chatbot Slack channel subscribed to it
#   dashboard  the four golden signals and the fleet on one page

resource "aws_cloudwatch_log_group" "instances" {
  name              = "/${var.name}/instances"
  retention_in_days = var.log_retention_days
}

# --- Topic ---------------------------------------------------------------------------------------

resource "aws_sns_topic" "operations" {
  name = "${var.name}-operations"
}

resource "aws_sns_topic_policy" "operations" {
  arn = aws_sns_topic.operations.arn

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountManagesTopic"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action    = ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:ListSubscriptionsByTopic"]
        Resource  = aws_sns_topic.operations.arn
      },
      {
        Sid       = "ServicesPublishFromThisAccount"
        Effect    = "Allow"
        Principal = { Service = ["cloudwatch.amazonaws.com", "codestar-notifications.amazonaws.com"] }
        Action    = "sns:Publish"
        Resource  = aws_sns_topic.operations.arn
        Condition = { StringEquals = { "aws:SourceAccount" = local.account_id } }
      },
    ]
  })
}

resource "aws_sns_topic_subscription" "email" {
  count = var.alarm_email == null ? 0 : 1

  topic_arn = aws_sns_topic.operations.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

# Deployment started / succeeded / failed, in the format Chatbot renders. Rollbacks arrive as
# a new deployment started by CodeDeploy, and as the group's DeploymentRollback trigger.
resource "aws_codestarnotifications_notification_rule" "deployments" {
  name        = "${var.name}-deployments"
  resource    = aws_codedeploy_app.this.arn
  detail_type = "FULL"
  event_type_ids = [
    "codedeploy-application-deployment-started",
    "codedeploy-application-deployment-succeeded",
    "codedeploy-application-deployment-failed",
  ]

  target {
    address = aws_sns_topic.operations.arn
  }

  depends_on = [aws_sns_topic_policy.operations]
}

# Instances that fail to launch or terminate (a bad AMI, a capacity shortage) are news too.
resource "aws_autoscaling_notification" "fleet" {
  group_names   = [aws_autoscaling_group.app.name]
  topic_arn     = aws_sns_topic.operations.arn
  notifications = ["autoscaling:EC2_INSTANCE_LAUNCH_ERROR", "autoscaling:EC2_INSTANCE_TERMINATE_ERROR"]
}

# --- Alarms that matter ------------------------------------------------------------------------------

locals {
  lb_dimensions = { LoadBalancer = aws_lb.this.arn_suffix }
  tg_dimensions = { LoadBalancer = aws_lb.this.arn_suffix, TargetGroup = aws_lb_target_group.app.arn_suffix }

  # The alarms that stop a deployment in progress and roll it back.
  deployment_alarm_names = [
    aws_cloudwatch_metric_alarm.target_5xx_rate.alarm_name,
    aws_cloudwatch_metric_alarm.unhealthy_hosts.alarm_name,
  ]

  watch_credits = local.burstable && var.cpu_credits == "standard"

  # Every alarm of this stack, by exact name: Mandelbot's `status` reads these and no others
  # (outputs.tf, iam.tf). A name prefix would not do: "mandelbrot-" also matches another
  # stack's "mandelbrot-staging-..." alarms.
  alarm_names = concat(
    local.deployment_alarm_names,
    [
      aws_cloudwatch_metric_alarm.cpu_high.alarm_name,
      aws_cloudwatch_metric_alarm.cpu_low.alarm_name,
      aws_cloudwatch_metric_alarm.latency_high.alarm_name,
    ],
    aws_cloudwatch_metric_alarm.cpu_credits_low[*].alarm_name,
  )
}

resource "aws_cloudwatch_metric_alarm" "target_5xx_rate" {
  alarm_name        = "${var.name}-target-5xx-rate"
  alarm_description = "More than ${var.target_5xx_rate_threshold}% of requests answered 5xx by the instances for 2 minutes (judged from ${var.target_5xx_min_requests} requests a minute). Stops and rolls back a running deployment. Runbook: docs/OPERATIONS.md#target-5xx-rate"

  comparison_operator = "GreaterThanThreshold"
  threshold           = var.target_5xx_rate_threshold
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  treat_missing_data  = "notBreaching"

  metric_query {
    id          = "rate"
    label       = "Target 5xx (% of requests)"
    expression  = "IF(requests >= ${var.target_5xx_min_requests}, 100 * FILL(errors, 0) / requests, 0)"
    return_data = true
  }

  metric_query {
    id = "errors"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "HTTPCode_Target_5XX_Count"
      dimensions  = local.lb_dimensions
      stat        = "Sum"
      period      = 60
    }
  }

  metric_query {
    id = "requests"
    metric {
      namespace   = "AWS/ApplicationELB"
      metric_name = "RequestCount"
      dimensions  = local.lb_dimensions
      stat        = "Sum"
      period      = 60
    }
  }

  alarm_actions = [aws_sns_topic.operations.arn]
  ok_actions    = [aws_sns_topic.operations.arn]
}

resource "aws_cloudwatch_metric_alarm" "unhealthy_hosts" {
  alarm_name        = "${var.name}-unhealthy-hosts"
  alarm_description = "More than ${var.unhealthy_hosts_threshold} instance(s) failing the ${var.health_check_path} health check for 2 minutes. Stops and rolls back a running deployment. Runbook: docs/OPERATIONS.md#unhealthy-hosts"
  namespace         = "AWS/ApplicationELB"
  metric_name       = "UnHealthyHostCount"
  dimensions        = local.tg_dimensions
  statistic         = "Maximum"
  period            = 60

  comparison_operator = "GreaterThanThreshold"
  threshold           = var.unhealthy_hosts_threshold
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  treat_missing_data  = "notBreaching"

  alarm_actions = [aws_sns_topic.operations.arn]
  ok_actions    = [aws_sns_topic.operations.arn]
}

resource "aws_cloudwatch_metric_alarm" "cpu_credits_low" {
  count = local.watch_credits ? 1 : 0

  alarm_name        = "${var.name}-cpu-credits-low"
  alarm_description = "An instance has fewer than ${var.cpu_credit_balance_threshold} CPU credits: soon throttled to baseline, when CPU alarms stop seeing load. Runbook: docs/OPERATIONS.md#cpu-credits-low"
  namespace         = "AWS/EC2"
  metric_name       = "CPUCreditBalance"
  dimensions        = local.asg_dimensions
  statistic         = "Minimum"
  # Credit metrics are published every 5 minutes whatever the monitoring level.
  period = 300

  comparison_operator = "LessThanThreshold"
  threshold           = var.cpu_credit_balance_threshold
  evaluation_periods  = 2
  datapoints_to_alarm = 2
  treat_missing_data  = "missing"

  alarm_actions = [aws_sns_topic.operations.arn]
  ok_actions    = [aws_sns_topic.operations.arn]
}

# --- AWS Chatbot (optional) ----------------------------------------------------------------------

locals {
  chatbot_enabled = var.slack_team_id != null && var.slack_channel_id != null
}

resource "aws_iam_role" "chatbot" {
  count = local.chatbot_enabled ? 1 : 0

  name        = "${var.name}-chatbot"
  description = "AWS Chatbot of ${var.name}: read CloudWatch to render alarm charts in Slack"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "chatbot.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "chatbot" {
  count = local.chatbot_enabled ? 1 : 0

  name = "read-cloudwatch"
  role = aws_iam_role.chatbot[0].id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "RenderAlarmCharts"
      Effect   = "Allow"
      Action   = ["cloudwatch:Describe*", "cloudwatch:Get*", "cloudwatch:List*"]
      Resource = ["*"]
    }]
  })
}

resource "aws_chatbot_slack_channel_configuration" "operations" {
  count = local.chatbot_enabled ? 1 : 0

  configuration_name = "${var.name}-operations"
  iam_role_arn       = aws_iam_role.chatbot[0].arn
  slack_team_id      = var.slack_team_id
  slack_channel_id   = var.slack_channel_id
  sns_topic_arns     = [aws_sns_topic.operations.arn]
  logging_level      = "ERROR"
  # Without a guardrail Chatbot would allow AdministratorAccess to channel members.
  guardrail_policy_arns = ["arn:${local.partition}:iam::aws:policy/CloudWatchReadOnlyAccess"]
}

# --- Dashboard -------------------------------------------------------------------------------------

locals {
  alb   = ["AWS/ApplicationELB"]
  asg   = aws_autoscaling_group.app.name
  lbsfx = aws_lb.this.arn_suffix
  tgsfx = aws_lb_target_group.app.arn_suffix

  # Per-instance series of this group only: the CloudWatch agent tags its metrics with the
  # group name (instances.tf). Plain EC2 metrics carry no group name per instance, so the
  # per-instance credit balance searches the region (use a dedicated account).
  agent_search = "SEARCH('Namespace=\"${local.agent_namespace}\" AutoScalingGroupName=\"${local.asg}\" MetricName=\"%s\"', 'Average', 60)"

  scaling_and_ops_alarm_arns = concat(
    [
      aws_cloudwatch_metric_alarm.cpu_high.arn,
      aws_cloudwatch_metric_alarm.cpu_low.arn,
      aws_cloudwatch_metric_alarm.latency_high.arn,
      aws_cloudwatch_metric_alarm.target_5xx_rate.arn,
      aws_cloudwatch_metric_alarm.unhealthy_hosts.arn,
    ],
    aws_cloudwatch_metric_alarm.cpu_credits_low[*].arn,
  )

  dashboard_widgets = [
    {
      type = "text", x = 0, y = 0, width = 24, height = 2
      properties = {
        markdown = "# ${var.name}\nTraffic, errors, latency, saturation, and the fleet behind ${local.public_url}. What each alarm means and what to do: `docs/OPERATIONS.md`."
      }
    },
    {
      type = "metric", x = 0, y = 2, width = 8, height = 6
      properties = {
        title   = "Traffic: requests per minute"
        region  = local.region
        view    = "timeSeries"
        period  = 60
        metrics = [concat(local.alb, ["RequestCount", "LoadBalancer", local.lbsfx], [{ stat = "Sum", label = "requests" }])]
      }
    },
    {
      type = "metric", x = 8, y = 2, width = 8, height = 6
      properties = {
        title  = "Errors: target 5xx and 4xx per minute"
        region = local.region
        view   = "timeSeries"
        period = 60
        metrics = [
          concat(local.alb, ["HTTPCode_Target_5XX_Count", "LoadBalancer", local.lbsfx], [{ stat = "Sum", label = "target 5xx", color = "#d62728" }]),
          concat(local.alb, ["HTTPCode_Target_4XX_Count", "LoadBalancer", local.lbsfx], [{ stat = "Sum", label = "target 4xx", color = "#ff7f0e" }]),
          concat(local.alb, ["HTTPCode_ELB_5XX_Count", "LoadBalancer", local.lbsfx], [{ stat = "Sum", label = "load balancer 5xx (no healthy target)" }]),
        ]
      }
    },
    {
      type = "metric", x = 16, y = 2, width = 8, height = 6
      properties = {
        title  = "Latency: TargetResponseTime p50 and p99 (seconds)"
        region = local.region
        view   = "timeSeries"
        period = 60
        metrics = [
          concat(local.alb, ["TargetResponseTime", "LoadBalancer", local.lbsfx], [{ stat = "p50", label = "p50" }]),
          concat(local.alb, ["TargetResponseTime", "LoadBalancer", local.lbsfx], [{ stat = "p99", label = "p99" }]),
        ]
        annotations = { horizontal = [{ label = "scale-out (average)", value = var.scale_out_latency_threshold }] }
      }
    },
    {
      type = "metric", x = 0, y = 8, width = 8, height = 6
      properties = {
        title  = "Hosts: healthy and unhealthy targets"
        region = local.region
        view   = "timeSeries"
        period = 60
        metrics = [
          concat(local.alb, ["HealthyHostCount", "TargetGroup", local.tgsfx, "LoadBalancer", local.lbsfx], [{ stat = "Minimum", label = "healthy", color = "#2ca02c" }]),
          concat(local.alb, ["UnHealthyHostCount", "TargetGroup", local.tgsfx, "LoadBalancer", local.lbsfx], [{ stat = "Maximum", label = "unhealthy", color = "#d62728" }]),
        ]
      }
    },
    {
      type = "metric", x = 8, y = 8, width = 8, height = 6
      properties = {
        title  = "Fleet: desired and in-service instances"
        region = local.region
        view   = "timeSeries"
        period = 60
        metrics = [
          ["AWS/AutoScaling", "GroupDesiredCapacity", "AutoScalingGroupName", local.asg, { stat = "Maximum", label = "desired" }],
          ["AWS/AutoScaling", "GroupInServiceInstances", "AutoScalingGroupName", local.asg, { stat = "Maximum", label = "in service" }],
        ]
        yAxis = { left = { min = 0, max = var.max_size } }
      }
    },
    {
      type = "metric", x = 16, y = 8, width = 8, height = 6
      properties = {
        title  = "Saturation: CPU per instance (%)"
        region = local.region
        view   = "timeSeries"
        period = 60
        metrics = [
          [{ expression = format(local.agent_search, "cpu_usage_active"), id = "cpu" }],
          ["AWS/EC2", "CPUUtilization", "AutoScalingGroupName", local.asg, { stat = "Average", label = "group average (scaling alarms)" }],
        ]
        annotations = {
          horizontal = [
            { label = "scale out", value = var.scale_out_cpu_threshold },
            { label = "scale in", value = var.scale_in_cpu_threshold },
          ]
        }
        yAxis = { left = { min = 0, max = 100 } }
      }
    },
    {
      type = "metric", x = 0, y = 14, width = 8, height = 6
      properties = {
        title  = "CPU credit balance per instance"
        region = local.region
        view   = "timeSeries"
        period = 300
        metrics = [
          [{ expression = "SEARCH('{AWS/EC2,InstanceId} MetricName=\"CPUCreditBalance\"', 'Minimum', 300)", id = "credits" }],
          ["AWS/EC2", "CPUCreditBalance", "AutoScalingGroupName", local.asg, { stat = "Minimum", label = "group minimum" }],
        ]
      }
    },
    {
      type = "metric", x = 8, y = 14, width = 8, height = 6
      properties = {
        title  = "Memory and root disk used per instance (%)"
        region = local.region
        view   = "timeSeries"
        period = 60
        metrics = [
          [{ expression = format(local.agent_search, "mem_used_percent"), id = "mem", label = "memory" }],
          [{ expression = format(local.agent_search, "disk_used_percent"), id = "disk", label = "disk /" }],
        ]
        yAxis = { left = { min = 0, max = 100 } }
      }
    },
    {
      type = "alarm", x = 16, y = 14, width = 8, height = 6
      properties = {
        title  = "Alarms: scaling and operations"
        alarms = local.scaling_and_ops_alarm_arns
      }
    },
    {
      type = "log", x = 0, y = 20, width = 24, height = 6
      properties = {
        title  = "Recent warnings and errors (all instances)"
        region = local.region
        view   = "table"
        query  = "SOURCE '${aws_cloudwatch_log_group.instances.name}' | fields @timestamp, @logStream, @message | filter @message like /(?i)(warn|error|exception|fail)/ | sort @timestamp desc | limit 50"
      }
    },
  ]
}

resource "aws_cloudwatch_dashboard" "operations" {
  dashboard_name = var.name
  dashboard_body = jsonencode({ widgets = local.dashboard_widgets })
}
