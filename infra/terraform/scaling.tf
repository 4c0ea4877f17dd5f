# The seed's three scaling policies, exactly, each wired to its CloudWatch alarm.
#
#   1. average CPU > 70% for 2 consecutive 1-minute periods -> +50% instances, then wait 300 s
#   2. average CPU < 40% for 2 consecutive 1-minute periods -> -1 instance,    then wait 300 s
#   3. average ALB latency > 3000 ms for 1 minute            -> +50% instances, then wait 300 s
#
# They are "simple scaling" policies (one fixed step, then a cooldown), as the seed had, not
# target tracking. +50% of one instance rounds to zero, so min_adjustment_magnitude = 1 makes
# it add at least one. The latency alarm treats missing data (no traffic at all, so no
# TargetResponseTime) as fine: an idle service must not grow. The alarms also tell the
# operations topic (monitoring.tf), so every scaling move shows up in the channel.

locals {
  scaling_cooldown = 300
  asg_dimensions   = { AutoScalingGroupName = aws_autoscaling_group.app.name }
}

resource "aws_autoscaling_policy" "scale_out_cpu" {
  name                     = "${var.name}-scale-out-cpu"
  autoscaling_group_name   = aws_autoscaling_group.app.name
  policy_type              = "SimpleScaling"
  adjustment_type          = "PercentChangeInCapacity"
  scaling_adjustment       = 50
  min_adjustment_magnitude = 1
  cooldown                 = local.scaling_cooldown
}

resource "aws_cloudwatch_metric_alarm" "cpu_high" {
  alarm_name        = "${var.name}-cpu-high"
  alarm_description = "Average CPU of the group above ${var.scale_out_cpu_threshold}% for 2 minutes: add 50% more instances."
  namespace         = "AWS/EC2"
  metric_name       = "CPUUtilization"
  dimensions        = local.asg_dimensions
  statistic         = "Average"
  period            = 60

  evaluation_periods  = 2
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.scale_out_cpu_threshold
  treat_missing_data  = "missing"

  alarm_actions = [aws_autoscaling_policy.scale_out_cpu.arn, aws_sns_topic.operations.arn]
}

resource "aws_autoscaling_policy" "scale_in_cpu" {
  name                   = "${var.name}-scale-in-cpu"
  autoscaling_group_name = aws_autoscaling_group.app.name
  policy_type            = "SimpleScaling"
  adjustment_type        = "ChangeInCapacity"
  scaling_adjustment     = -1
  cooldown               = local.scaling_cooldown
}

resource "aws_cloudwatch_metric_alarm" "cpu_low" {
  alarm_name        = "${var.name}-cpu-low"
  alarm_description = "Average CPU of the group below ${var.scale_in_cpu_threshold}% for 2 minutes: remove one instance (never below min_size)."
  namespace         = "AWS/EC2"
  metric_name       = "CPUUtilization"
  dimensions        = local.asg_dimensions
  statistic         = "Average"
  period            = 60

  evaluation_periods  = 2
  datapoints_to_alarm = 2
  comparison_operator = "LessThanThreshold"
  threshold           = var.scale_in_cpu_threshold
  treat_missing_data  = "missing"

  # SNS is told on the transition only (once per quiet spell); the policy is re-invoked every
  # minute while in ALARM, and the group stops at min_size.
  alarm_actions = [aws_autoscaling_policy.scale_in_cpu.arn, aws_sns_topic.operations.arn]
}

resource "aws_autoscaling_policy" "scale_out_latency" {
  name                     = "${var.name}-scale-out-latency"
  autoscaling_group_name   = aws_autoscaling_group.app.name
  policy_type              = "SimpleScaling"
  adjustment_type          = "PercentChangeInCapacity"
  scaling_adjustment       = 50
  min_adjustment_magnitude = 1
  cooldown                 = local.scaling_cooldown
}

resource "aws_cloudwatch_metric_alarm" "latency_high" {
  alarm_name        = "${var.name}-latency-high"
  alarm_description = "Average ALB target response time above ${var.scale_out_latency_threshold} s for 1 minute: add 50% more instances."
  namespace         = "AWS/ApplicationELB"
  metric_name       = "TargetResponseTime"
  dimensions        = { LoadBalancer = aws_lb.this.arn_suffix }
  statistic         = "Average"
  period            = 60

  evaluation_periods  = 1
  datapoints_to_alarm = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.scale_out_latency_threshold
  treat_missing_data  = "notBreaching"

  alarm_actions = [aws_autoscaling_policy.scale_out_latency.arn, aws_sns_topic.operations.arn]
}
