# aws-mandelbrot: the whole AWS side of the service, in one root module.
#
# Reading order, one file per part (each starts with a comment saying what and why):
#   network.tf        VPC, public subnets, security groups
#   load_balancer.tf  ALB, target group, listeners
#   instances.tf      launch template (AL2023, Corretto 25, CodeDeploy + CloudWatch agents), ASG
#   scaling.tf        the seed's three simple scaling policies and their alarms
#   revisions.tf      the S3 bucket CodeDeploy reads application revisions from
#   codedeploy.tf     application and deployment group
#   iam.tf            instance role, CodeDeploy service role, GitHub Actions deploy role
#   cloudfront.tf     optional CDN in front of the ALB
#   monitoring.tf     logs, dashboard, alarms, SNS, Chatbot, deployment notifications
#   variables.tf / outputs.tf / versions.tf

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = var.region

  # Where CodeDeploy reads revisions from and the deploy role may write to.
  revision_prefix = trimsuffix(var.revision_prefix, "/")
}
