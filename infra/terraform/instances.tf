# Instances: what every machine of the fleet is, and the Auto Scaling group that keeps them.
#
# A launch template (launch configurations cannot be created by accounts made since October
# 2024): Amazon Linux 2023 from its public SSM parameter (captured once, see below), IMDSv2
# only, encrypted gp3 root volume, the instance profile from iam.tf, and user data that installs
# Corretto 25, the CloudWatch agent and the CodeDeploy agent. The application is not baked in:
# CodeDeploy puts the last good revision on every instance the group launches.

# Which image. The SSM parameter names the LATEST Amazon Linux 2023, so following it live would
# give the launch template a new version whenever AWS publishes a release, and the instance
# refresh below would then roll the whole fleet during any unrelated apply (perhaps in the middle
# of a CodeDeploy deployment). So the value is captured once: terraform_data keeps the AMI ID it
# first read (ignore_changes on its input) until it is replaced on purpose:
#   terraform apply -replace='terraform_data.ami[0]'     (take the current latest AL2023 now)
# or until ami_ssm_parameter changes (triggers_replace). ami_id pins an image explicitly instead,
# and then SSM is not read at all. Trade-off: new instances keep booting the captured image,
# which ages (AL2023 pins its package repository to the release), until someone refreshes it.
data "aws_ssm_parameter" "ami" {
  count = var.ami_id == null ? 1 : 0

  name = var.ami_ssm_parameter
}

resource "terraform_data" "ami" {
  count = var.ami_id == null ? 1 : 0

  input            = data.aws_ssm_parameter.ami[0].insecure_value
  triggers_replace = [var.ami_ssm_parameter]

  lifecycle {
    ignore_changes = [input]
  }
}

locals {
  burstable = can(regex("^t[0-9]", var.instance_type))

  image_id = var.ami_id != null ? var.ami_id : one(terraform_data.ami[*].output)

  # CloudWatch agent: the service's journal (via the file user data fills) and CodeDeploy's
  # logs to the log group; CPU, memory and root-disk use as metrics tagged with the group
  # name, so the dashboard can show exactly this fleet's instances.
  cloudwatch_agent_config = jsonencode({
    agent = { metrics_collection_interval = 60, run_as_user = "root" }
    metrics = {
      namespace = local.agent_namespace
      append_dimensions = {
        AutoScalingGroupName = "$${aws:AutoScalingGroupName}"
        InstanceId           = "$${aws:InstanceId}"
      }
      metrics_collected = {
        cpu  = { measurement = ["usage_active"], totalcpu = true }
        mem  = { measurement = ["used_percent"] }
        disk = { measurement = ["used_percent"], resources = ["/"], drop_device = true }
      }
    }
    logs = {
      logs_collected = {
        files = {
          collect_list = [
            for stream, path in local.shipped_logs : {
              file_path       = path
              log_group_name  = aws_cloudwatch_log_group.instances.name
              log_stream_name = "{instance_id}/${stream}"
              timezone        = "UTC"
            }
          ]
        }
      }
    }
  })

  shipped_logs = {
    service          = "/var/log/mandelbrot/journal.log"
    codedeploy-agent = "/var/log/aws/codedeploy-agent/codedeploy-agent.log"
    deployments      = "/opt/codedeploy-agent/deployment-root/deployment-logs/codedeploy-agent-deployments.log"
    boot             = "/var/log/cloud-init-output.log"
  }

  agent_namespace = "CWAgent"

  user_data = templatefile("${path.module}/templates/user_data.sh.tftpl", {
    region                  = local.region
    cloudwatch_agent_config = local.cloudwatch_agent_config
    # NAME="value" lines, PORT last (service_environment may not set it anyway).
    instance_environment = join("\n", concat(
      [for k in sort(keys(var.service_environment)) : "${k}=\"${var.service_environment[k]}\""],
      ["PORT=${var.app_port}"],
    ))
  })
}

resource "aws_launch_template" "app" {
  name                   = "${var.name}-app"
  description            = "Amazon Linux 2023 + Corretto 25 + CodeDeploy agent; the app arrives by CodeDeploy"
  image_id               = local.image_id
  instance_type          = var.instance_type
  key_name               = var.key_name
  vpc_security_group_ids = [aws_security_group.instances.id]
  user_data              = base64encode(local.user_data)
  update_default_version = true

  iam_instance_profile {
    arn = aws_iam_instance_profile.instance.arn
  }

  # IMDSv2 only: a server-side request forgery cannot read the role's credentials with a GET.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  monitoring {
    enabled = var.detailed_monitoring
  }

  # Only burstable families accept a credit specification. See var.cpu_credits for why the
  # default is unlimited.
  dynamic "credit_specification" {
    for_each = local.burstable ? [var.cpu_credits] : []
    content {
      cpu_credits = credit_specification.value
    }
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge({ Name = "${var.name}-app", Project = var.name }, var.tags)
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge({ Name = "${var.name}-app", Project = var.name }, var.tags)
  }
}

resource "aws_autoscaling_group" "app" {
  name                = "${var.name}-asg"
  min_size            = var.min_size
  max_size            = var.max_size
  desired_capacity    = coalesce(var.desired_capacity, var.min_size)
  vpc_zone_identifier = local.subnet_ids
  target_group_arns   = [aws_lb_target_group.app.arn]

  # Replace instances the load balancer finds unhealthy, not only those EC2 finds dead,
  # after giving a new one time to boot and receive its revision.
  health_check_type         = "ELB"
  health_check_grace_period = var.health_check_grace_period

  launch_template {
    id      = aws_launch_template.app.id
    version = aws_launch_template.app.latest_version
  }

  # A new launch template version (a newer AMI, a changed instance type) rolls through the
  # fleet by launching first and terminating after, so capacity never drops.
  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 100
      max_healthy_percentage = 200
      instance_warmup        = var.health_check_grace_period
    }
  }

  # Group metrics are free at 1-minute granularity; the dashboard plots them.
  metrics_granularity = "1Minute"
  enabled_metrics = [
    "GroupDesiredCapacity",
    "GroupInServiceInstances",
    "GroupPendingInstances",
    "GroupTerminatingInstances",
    "GroupMinSize",
    "GroupMaxSize",
  ]

  tag {
    key                 = "Name"
    value               = "${var.name}-app"
    propagate_at_launch = true
  }

  lifecycle {
    # The scaling policies own the current size; a later apply must not reset it.
    ignore_changes = [desired_capacity]
  }
}
