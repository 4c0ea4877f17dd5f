# Realistic defaults for what the mocked AWS provider computes. The provider validates ARNs
# and IDs it receives, so random strings would not do. Resources that tests tell apart (roles,
# policies, alarms) get their own values through override_resource in each test file.

mock_data "aws_caller_identity" {
  defaults = {
    account_id = "123456789012"
    arn        = "arn:aws:iam::123456789012:user/ci"
    user_id    = "AIDAEXAMPLEUSERID0001"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition          = "aws"
    dns_suffix         = "amazonaws.com"
    reverse_dns_prefix = "com.amazonaws"
  }
}

mock_data "aws_availability_zones" {
  defaults = {
    names    = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    zone_ids = ["euw1-az1", "euw1-az2", "euw1-az3"]
  }
}

mock_data "aws_ssm_parameter" {
  defaults = {
    type           = "String"
    value          = "ami-0a1b2c3d4e5f60718"
    insecure_value = "ami-0a1b2c3d4e5f60718"
    arn            = "arn:aws:ssm:eu-west-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
  }
}

mock_data "aws_vpc" {
  defaults = {
    id         = "vpc-0default000000001"
    arn        = "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0default000000001"
    cidr_block = "172.31.0.0/16"
  }
}

mock_data "aws_subnets" {
  defaults = {
    ids = ["subnet-0default00000001", "subnet-0default00000002", "subnet-0default00000003"]
  }
}

mock_data "aws_ec2_managed_prefix_list" {
  defaults = {
    id          = "pl-4fa04526"
    arn         = "arn:aws:ec2:eu-west-1:aws:prefix-list/pl-4fa04526"
    max_entries = 55
  }
}

mock_data "aws_iam_openid_connect_provider" {
  defaults = {
    arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
  }
}

mock_resource "aws_vpc" {
  defaults = {
    id  = "vpc-0a1b2c3d4e5f60001"
    arn = "arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-0a1b2c3d4e5f60001"
  }
}

mock_resource "aws_internet_gateway" {
  defaults = {
    id  = "igw-0a1b2c3d4e5f60001"
    arn = "arn:aws:ec2:eu-west-1:123456789012:internet-gateway/igw-0a1b2c3d4e5f60001"
  }
}

mock_resource "aws_subnet" {
  defaults = {
    id  = "subnet-0a1b2c3d4e5f60001"
    arn = "arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-0a1b2c3d4e5f60001"
  }
}

mock_resource "aws_route_table" {
  defaults = {
    id  = "rtb-0a1b2c3d4e5f60001"
    arn = "arn:aws:ec2:eu-west-1:123456789012:route-table/rtb-0a1b2c3d4e5f60001"
  }
}

mock_resource "aws_security_group" {
  defaults = {
    id  = "sg-0a1b2c3d4e5f60001"
    arn = "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0a1b2c3d4e5f60001"
  }
}

mock_resource "aws_lb" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/mandelbrot-alb/50dc6c495c0c9188"
    arn_suffix = "app/mandelbrot-alb/50dc6c495c0c9188"
    dns_name   = "mandelbrot-alb-1234567890.eu-west-1.elb.amazonaws.com"
    zone_id    = "Z32O12XQLNTSW2"
  }
}

mock_resource "aws_lb_target_group" {
  defaults = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/mandelbrot-app-8080/73e2d6bc24d8a067"
    arn_suffix = "targetgroup/mandelbrot-app-8080/73e2d6bc24d8a067"
  }
}

mock_resource "aws_lb_listener" {
  defaults = {
    arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/mandelbrot-alb/50dc6c495c0c9188/f2f7dc8efc522ab2"
  }
}

mock_resource "aws_lb_listener_rule" {
  defaults = {
    arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/mandelbrot-alb/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee"
  }
}

mock_resource "aws_launch_template" {
  defaults = {
    id              = "lt-0a1b2c3d4e5f60001"
    arn             = "arn:aws:ec2:eu-west-1:123456789012:launch-template/lt-0a1b2c3d4e5f60001"
    latest_version  = 1
    default_version = 1
  }
}

mock_resource "aws_autoscaling_group" {
  defaults = {
    arn = "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:6d4c2a1e-0000-4000-8000-000000000001:autoScalingGroupName/mandelbrot-asg"
  }
}

mock_resource "aws_autoscaling_policy" {
  defaults = {
    arn = "arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:6d4c2a1e-0000-4000-8000-000000000001:autoScalingGroupName/mandelbrot-asg:policyName/mock"
  }
}

mock_resource "aws_cloudwatch_metric_alarm" {
  defaults = {
    arn = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:mock"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  defaults = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/mandelbrot/instances"
  }
}

mock_resource "aws_cloudwatch_dashboard" {
  defaults = {
    dashboard_arn = "arn:aws:cloudwatch::123456789012:dashboard/mandelbrot"
  }
}

mock_resource "aws_sns_topic" {
  defaults = {
    arn = "arn:aws:sns:eu-west-1:123456789012:mandelbrot-operations"
  }
}

mock_resource "aws_s3_bucket" {
  defaults = {
    id     = "mandelbrot-revisions-20261129000000000000000001"
    bucket = "mandelbrot-revisions-20261129000000000000000001"
    arn    = "arn:aws:s3:::mandelbrot-revisions-20261129000000000000000001"
  }
}

mock_resource "aws_iam_role" {
  defaults = {
    arn       = "arn:aws:iam::123456789012:role/mandelbrot-mock"
    unique_id = "AROAEXAMPLEROLEID0001"
  }
}

mock_resource "aws_iam_policy" {
  defaults = {
    arn = "arn:aws:iam::123456789012:policy/mandelbrot-mandelbot"
  }
}

mock_resource "aws_iam_instance_profile" {
  defaults = {
    arn = "arn:aws:iam::123456789012:instance-profile/mandelbrot-instance"
  }
}

mock_resource "aws_iam_openid_connect_provider" {
  defaults = {
    arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
  }
}

mock_resource "aws_codedeploy_app" {
  defaults = {
    arn = "arn:aws:codedeploy:eu-west-1:123456789012:application:mandelbrot"
  }
}

mock_resource "aws_codedeploy_deployment_group" {
  defaults = {
    arn = "arn:aws:codedeploy:eu-west-1:123456789012:deploymentgroup:mandelbrot/mandelbrot-fleet"
  }
}

mock_resource "aws_codestarnotifications_notification_rule" {
  defaults = {
    arn = "arn:aws:codestar-notifications:eu-west-1:123456789012:notificationrule/0123456789abcdef0123456789abcdef01234567"
  }
}

mock_resource "aws_cloudfront_cache_policy" {
  defaults = {
    id = "0b7e6c4a-1f2d-4c3b-9a8e-7d6c5b4a3f21"
  }
}

mock_resource "aws_cloudfront_distribution" {
  defaults = {
    id          = "E2QWRUHAPOMQZL"
    arn         = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"
    domain_name = "d111111abcdef8.cloudfront.net"
  }
}

mock_resource "aws_chatbot_slack_channel_configuration" {
  defaults = {
    chat_configuration_arn = "arn:aws:chatbot::123456789012:chat-configuration/slack-channel/mandelbrot-operations"
  }
}
