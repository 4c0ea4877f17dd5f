# IAM, least privilege: three roles, each allowed only what its job needs.
#
#   instance      the EC2 instances: read revisions (only under the prefix) and the regional
#                 CodeDeploy agent bucket, ship logs and metrics, Session Manager. Nothing else.
#   codedeploy    the CodeDeploy service: AWS's managed service-role policy, plus what a
#                 launch-template Auto Scaling group needs (launch, tag, pass the instance role).
#   github_deploy optional, for GitHub Actions through OIDC (no stored keys): only this
#                 repository's main branch may assume it, and it may only upload revisions
#                 under the prefix and create deployments of this application's group (with
#                 alarm polling turned off when it must be, which takes UpdateDeploymentGroup).

locals {
  revisions_objects_arn = "${aws_s3_bucket.revisions.arn}/${local.revision_prefix}/*"
  codedeploy_agent_arn  = "arn:${local.partition}:s3:::aws-codedeploy-${local.region}/*"
  codedeploy_arn_prefix = "arn:${local.partition}:codedeploy:${local.region}:${local.account_id}"
  deployment_group_arn  = "${local.codedeploy_arn_prefix}:deploymentgroup:${aws_codedeploy_app.this.name}/${aws_codedeploy_deployment_group.app.deployment_group_name}"
}

# --- Instances -------------------------------------------------------------------------------

resource "aws_iam_role" "instance" {
  name        = "${var.name}-instance"
  description = "EC2 instances of ${var.name}: read revisions, ship logs and metrics, Session Manager"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "instance" {
  name = "revisions-logs-metrics"
  role = aws_iam_role.instance.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadRevisions"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:GetObjectVersion"]
        Resource = [local.revisions_objects_arn]
      },
      {
        Sid      = "ReadCodeDeployAgent"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = [local.codedeploy_agent_arn]
      },
      {
        Sid      = "ShipLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
        Resource = [aws_cloudwatch_log_group.instances.arn, "${aws_cloudwatch_log_group.instances.arn}:*"]
      },
      {
        # PutMetricData has no resource type; the namespace condition is the limit.
        Sid       = "PutAgentMetrics"
        Effect    = "Allow"
        Action    = ["cloudwatch:PutMetricData"]
        Resource  = ["*"]
        Condition = { StringEquals = { "cloudwatch:namespace" = local.agent_namespace } }
      },
      {
        # The agent reads the instance's tags to learn its Auto Scaling group name.
        Sid      = "ReadOwnTags"
        Effect   = "Allow"
        Action   = ["ec2:DescribeTags"]
        Resource = ["*"]
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "instance_ssm" {
  role       = aws_iam_role.instance.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "instance" {
  name = "${var.name}-instance"
  role = aws_iam_role.instance.name
}

# --- CodeDeploy service ------------------------------------------------------------------------

resource "aws_iam_role" "codedeploy" {
  name        = "${var.name}-codedeploy"
  description = "CodeDeploy service role of ${var.name}"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "codedeploy.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "codedeploy" {
  role       = aws_iam_role.codedeploy.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AWSCodeDeployRole"
}

# AWSCodeDeployRole is not enough for an Auto Scaling group with a launch template (ours, in
# instances.tf): AWS's CodeDeploy user guide ("Create a service role for CodeDeploy") says the
# role must also have ec2:RunInstances, ec2:CreateTags and iam:PassRole, the permissions Auto
# Scaling checks when CodeDeploy changes a group that launches from a template.
resource "aws_iam_role_policy" "codedeploy_launch_template" {
  name = "launch-template"
  role = aws_iam_role.codedeploy.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        # A launch touches many resource types (instance, volume, interface, image, subnet,
        # security group, template) whose ARNs vary; Auto Scaling does the launching.
        Sid      = "LaunchFromTemplate"
        Effect   = "Allow"
        Action   = ["ec2:RunInstances", "ec2:CreateTags"]
        Resource = ["*"]
      },
      {
        # Only the instances' own role, and only to EC2: nothing else can be handed on.
        Sid       = "PassInstanceRole"
        Effect    = "Allow"
        Action    = ["iam:PassRole"]
        Resource  = [aws_iam_role.instance.arn]
        Condition = { StringEquals = { "iam:PassedToService" = "ec2.amazonaws.com" } }
      },
    ]
  })
}

# --- GitHub Actions deploy role (optional) -------------------------------------------------------

locals {
  github_enabled    = var.github_repository != null
  github_oidc_host  = "token.actions.githubusercontent.com"
  github_subject    = "repo:${coalesce(var.github_repository, "none/none")}:ref:refs/heads/${var.github_branch}"
  github_oidc_arn   = !local.github_enabled ? null : (var.create_github_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : data.aws_iam_openid_connect_provider.github[0].arn)
  deployment_config = "${local.codedeploy_arn_prefix}:deploymentconfig:${var.deployment_config_name}"
}

resource "aws_iam_openid_connect_provider" "github" {
  count = local.github_enabled && var.create_github_oidc_provider ? 1 : 0

  url            = "https://${local.github_oidc_host}"
  client_id_list = ["sts.amazonaws.com"]
}

data "aws_iam_openid_connect_provider" "github" {
  count = local.github_enabled && !var.create_github_oidc_provider ? 1 : 0

  url = "https://${local.github_oidc_host}"
}

resource "aws_iam_role" "github_deploy" {
  count = local.github_enabled ? 1 : 0

  name                 = "${var.name}-github-deploy"
  description          = "GitHub Actions of ${var.github_repository} (${var.github_branch} only): upload revisions, deploy ${var.name}"
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = local.github_oidc_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "${local.github_oidc_host}:aud" = "sts.amazonaws.com"
          "${local.github_oidc_host}:sub" = local.github_subject
        }
      }
    }]
  })
}

resource "aws_iam_role_policy" "github_deploy" {
  count = local.github_enabled ? 1 : 0

  name = "upload-and-deploy"
  role = aws_iam_role.github_deploy[0].id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "UploadRevisions"
        Effect   = "Allow"
        Action   = ["s3:PutObject"]
        Resource = [local.revisions_objects_arn]
      },
      {
        Sid    = "RegisterRevisions"
        Effect = "Allow"
        Action = [
          "codedeploy:RegisterApplicationRevision",
          "codedeploy:GetApplicationRevision",
          "codedeploy:ListApplicationRevisions",
          "codedeploy:GetApplication",
        ]
        Resource = [aws_codedeploy_app.this.arn]
      },
      {
        # Create, follow and stop (with rollback) deployments of this one group.
        Sid    = "DeployThisGroup"
        Effect = "Allow"
        Action = [
          "codedeploy:CreateDeployment",
          "codedeploy:GetDeployment",
          "codedeploy:ListDeployments",
          "codedeploy:StopDeployment",
          "codedeploy:GetDeploymentGroup",
        ]
        Resource = [local.deployment_group_arn]
      },
      {
        # The group's first deployment and redeploys of an earlier revision run without alarm
        # polling (deploy/ci/deploy-revision.sh): CreateDeployment with an
        # overrideAlarmConfiguration needs UpdateDeploymentGroup. It would also let the role
        # change this one group's settings; it cannot pass another service role (no iam:PassRole).
        Sid      = "OverrideAlarmsOfThisGroup"
        Effect   = "Allow"
        Action   = ["codedeploy:UpdateDeploymentGroup", "codedeploy:GetDeploymentGroup"]
        Resource = [local.deployment_group_arn]
      },
      {
        # CreateDeployment reads the deployment configuration it names.
        Sid      = "ReadDeploymentConfig"
        Effect   = "Allow"
        Action   = ["codedeploy:GetDeploymentConfig"]
        Resource = [local.deployment_config]
      },
    ]
  })
}

# --- Mandelbot (the ChatOps bot) ------------------------------------------------------------------

# A managed policy with exactly what Mandelbot calls (bot/.../aws/): follow, start and stop
# deployments of this group, read and change the group's capacity, read target health and
# this stack's alarms, list and check revisions. Attach it to whatever identity runs the bot
# (its instance role, a task role, or a user for a laptop); nothing is attached here because
# where the bot runs is the operator's choice.
resource "aws_iam_policy" "mandelbot" {
  name        = "${var.name}-mandelbot"
  description = "What Mandelbot needs to operate ${var.name}: deployments, capacity, health, alarms, revisions"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "DeployThisGroup"
        Effect = "Allow"
        Action = [
          "codedeploy:CreateDeployment",
          "codedeploy:GetDeployment",
          "codedeploy:BatchGetDeployments",
          "codedeploy:ListDeployments",
          "codedeploy:StopDeployment",
        ]
        Resource = [local.deployment_group_arn]
      },
      {
        # A group's first deployment and a rollback's redeploy run without alarm polling
        # (CodeDeployGateway): CreateDeployment with an overrideAlarmConfiguration needs
        # UpdateDeploymentGroup; GetDeploymentGroup tells whether the group ever succeeded.
        Sid      = "OverrideAlarmsOfThisGroup"
        Effect   = "Allow"
        Action   = ["codedeploy:UpdateDeploymentGroup", "codedeploy:GetDeploymentGroup"]
        Resource = [local.deployment_group_arn]
      },
      {
        Sid      = "ReadApplication"
        Effect   = "Allow"
        Action   = ["codedeploy:GetApplication", "codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision"]
        Resource = [aws_codedeploy_app.this.arn]
      },
      {
        Sid      = "ReadDeploymentConfig"
        Effect   = "Allow"
        Action   = ["codedeploy:GetDeploymentConfig"]
        Resource = [local.deployment_config]
      },
      {
        Sid      = "ChangeCapacity"
        Effect   = "Allow"
        Action   = ["autoscaling:UpdateAutoScalingGroup", "autoscaling:SetDesiredCapacity"]
        Resource = ["arn:${local.partition}:autoscaling:${local.region}:${local.account_id}:autoScalingGroup:*:autoScalingGroupName/${aws_autoscaling_group.app.name}"]
      },
      {
        # Describe calls of Auto Scaling and ELB have no resource-level permissions.
        Sid      = "ReadFleet"
        Effect   = "Allow"
        Action   = ["autoscaling:DescribeAutoScalingGroups", "elasticloadbalancing:DescribeTargetHealth"]
        Resource = ["*"]
      },
      {
        # Exactly this stack's alarms (`status` asks for them by name): a prefix such as
        # "mandelbrot-*" would also let production's bot read a "mandelbrot-staging" stack's.
        Sid      = "ReadAlarms"
        Effect   = "Allow"
        Action   = ["cloudwatch:DescribeAlarms"]
        Resource = [for n in local.alarm_names : "arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:${n}"]
      },
      {
        Sid       = "ListRevisions"
        Effect    = "Allow"
        Action    = ["s3:ListBucket"]
        Resource  = [aws_s3_bucket.revisions.arn]
        Condition = { StringLike = { "s3:prefix" = ["${local.revision_prefix}/", "${local.revision_prefix}/*"] } }
      },
      {
        Sid      = "CheckRevisions"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = [local.revisions_objects_arn]
      },
    ]
  })
}
