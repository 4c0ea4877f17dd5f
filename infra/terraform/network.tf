# Network: where the load balancer and the instances live, and who may talk to whom.
#
# Either a small dedicated VPC (default) with one public subnet per availability zone, or the
# account's default VPC. There is no NAT gateway (about 35 USD a month each): instances get a
# public IPv4 address for outbound traffic only (package installs, S3, CodeDeploy, SSM), and
# their security group admits nothing from the internet, only the app port from the load balancer.

data "aws_availability_zones" "available" {
  state = "available"

  # Local Zones and Wavelength Zones cannot host an ALB subnet of this kind.
  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

resource "aws_vpc" "this" {
  count = var.use_default_vpc ? 0 : 1

  cidr_block           = var.vpc_cidr
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = var.name }
}

resource "aws_internet_gateway" "this" {
  count = var.use_default_vpc ? 0 : 1

  vpc_id = aws_vpc.this[0].id
  tags   = { Name = var.name }
}

resource "aws_subnet" "public" {
  count = var.use_default_vpc ? 0 : var.az_count

  vpc_id                  = aws_vpc.this[0].id
  availability_zone       = data.aws_availability_zones.available.names[count.index]
  cidr_block              = cidrsubnet(var.vpc_cidr, 24 - tonumber(split("/", var.vpc_cidr)[1]), count.index)
  map_public_ip_on_launch = true

  tags = { Name = "${var.name}-public-${data.aws_availability_zones.available.names[count.index]}" }
}

resource "aws_route_table" "public" {
  count = var.use_default_vpc ? 0 : 1

  vpc_id = aws_vpc.this[0].id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this[0].id
  }

  tags = { Name = "${var.name}-public" }
}

resource "aws_route_table_association" "public" {
  count = var.use_default_vpc ? 0 : var.az_count

  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public[0].id
}

data "aws_vpc" "default" {
  count   = var.use_default_vpc ? 1 : 0
  default = true
}

data "aws_subnets" "default" {
  count = var.use_default_vpc ? 1 : 0

  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.default[0].id]
  }
  # One default subnet per availability zone.
  filter {
    name   = "default-for-az"
    values = ["true"]
  }
}

locals {
  vpc_id     = var.use_default_vpc ? data.aws_vpc.default[0].id : aws_vpc.this[0].id
  subnet_ids = var.use_default_vpc ? data.aws_subnets.default[0].ids : aws_subnet.public[*].id
}

# --- Security groups ----------------------------------------------------------------------------

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "Load balancer: HTTP and HTTPS from the internet"
  vpc_id      = local.vpc_id

  tags = { Name = "${var.name}-alb" }
}

# Behind CloudFront the load balancer should hear only CloudFront, or anyone can bypass the CDN
# (its caching, and whatever is added at the edge later) by calling the ALB's DNS name. AWS
# keeps the origin-facing servers' addresses in a managed prefix list (CloudFront developer
# guide, "Use the CloudFront managed prefix list"). It weighs 55 rules against the security
# group's quota of 60 inbound rules (VPC user guide, "AWS-managed prefix list weight"), so it is
# used once, for port 80 only: CloudFront reaches the origin over HTTP (cloudfront.tf), and 443
# stays closed behind CloudFront. The prefix list still admits every CloudFront distribution,
# not only ours: the complete fix is a secret origin custom header checked by a listener rule.
data "aws_ec2_managed_prefix_list" "cloudfront" {
  count = var.enable_cloudfront ? 1 : 0

  name = "com.amazonaws.global.cloudfront.origin-facing"
}

resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  security_group_id = aws_security_group.alb.id
  description       = var.enable_cloudfront ? "HTTP from CloudFront's origin-facing servers only" : "HTTP from anywhere"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = var.enable_cloudfront ? null : "0.0.0.0/0"
  prefix_list_id    = var.enable_cloudfront ? data.aws_ec2_managed_prefix_list.cloudfront[0].id : null
}

# Only with an HTTPS listener (load_balancer.tf): an open port with nothing behind it is still
# an open port. Not behind CloudFront either (see above).
resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  count = local.https_enabled && !var.enable_cloudfront ? 1 : 0

  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from anywhere"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "alb_to_instances" {
  security_group_id            = aws_security_group.alb.id
  description                  = "Requests and health checks to the instances' app port"
  ip_protocol                  = "tcp"
  from_port                    = var.app_port
  to_port                      = var.app_port
  referenced_security_group_id = aws_security_group.instances.id
}

resource "aws_security_group" "instances" {
  name        = "${var.name}-instances"
  description = "Instances: the app port from the load balancer only"
  vpc_id      = local.vpc_id

  tags = { Name = "${var.name}-instances" }
}

resource "aws_vpc_security_group_ingress_rule" "instances_from_alb" {
  security_group_id            = aws_security_group.instances.id
  description                  = "App port from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = var.app_port
  to_port                      = var.app_port
  referenced_security_group_id = aws_security_group.alb.id
}

resource "aws_vpc_security_group_ingress_rule" "instances_ssh" {
  for_each = toset(var.ssh_cidr_blocks)

  security_group_id = aws_security_group.instances.id
  description       = "SSH from an allowed range"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = each.value
}

# Outbound HTTPS/HTTP for packages, S3, CodeDeploy, CloudWatch and Session Manager endpoints.
resource "aws_vpc_security_group_egress_rule" "instances_https" {
  security_group_id = aws_security_group.instances.id
  description       = "HTTPS to AWS APIs and package repositories"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "instances_http" {
  security_group_id = aws_security_group.instances.id
  description       = "HTTP for package repository mirrors"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = "0.0.0.0/0"
}
