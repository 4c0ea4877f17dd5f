# Every input of the stack. Each one has a default, so `terraform apply` alone works; the seed's
# `terraform apply -var 'key_name=KEY_PAIR_NAME'` still works too. Values that would create a
# broken or unsafe stack are rejected at plan time by `validation` blocks.

# --- General -----------------------------------------------------------------------------------

variable "region" {
  description = "AWS region to deploy to. The seed ran in eu-west-1 (Ireland)."
  type        = string
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must look like an AWS region code, for example eu-west-1."
  }
}

variable "name" {
  description = "Prefix of every resource name (load balancer, Auto Scaling group, CodeDeploy application, alarms...). Change it to run two stacks in one account."
  type        = string
  default     = "mandelbrot"

  validation {
    # The ALB and target group names are limited to 32 characters and get suffixes.
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}[a-z0-9]$", var.name))
    error_message = "name must be 3 to 20 characters: lower-case letters, digits and dashes, starting with a letter."
  }
  validation {
    # The revisions bucket is named "<name>-revisions-<suffix>", and S3 refuses bucket names
    # that start with these reserved prefixes (S3 user guide, "General purpose bucket naming
    # rules"). The suffixes S3 reserves (-s3alias, --ol-s3, ...) cannot occur: ours is fixed.
    condition     = !anytrue([for p in ["xn--", "sthree-", "amzn-s3-demo-"] : startswith(var.name, p)])
    error_message = "name must not start with xn--, sthree- or amzn-s3-demo-: the revisions bucket's name starts with it and S3 reserves those prefixes."
  }
}

variable "tags" {
  description = "Extra tags put on every resource (on top of Project and ManagedBy)."
  type        = map(string)
  default     = {}
}

# --- Network -----------------------------------------------------------------------------------

variable "use_default_vpc" {
  description = "true: put everything in the account's default VPC and its default subnets. false (default): create a small VPC with one public subnet per availability zone."
  type        = bool
  default     = false
}

variable "vpc_cidr" {
  description = "Address range of the VPC created when use_default_vpc is false. Each public subnet takes a /24 of it."
  type        = string
  default     = "10.42.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && tonumber(split("/", var.vpc_cidr)[1]) <= 22
    error_message = "vpc_cidr must be an IPv4 CIDR block of /22 or larger, for example 10.42.0.0/16."
  }
}

variable "az_count" {
  description = "Number of availability zones (and public subnets) of the created VPC. An ALB needs at least 2."
  type        = number
  default     = 2

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 6 && floor(var.az_count) == var.az_count
    error_message = "az_count must be a whole number from 2 to 6."
  }
  validation {
    # Each subnet takes its own zone, so there can be no more subnets than zones. The number
    # depends on the region (eu-west-1 has 3, us-east-1 6), so it is read, not assumed
    # (Terraform >= 1.9 lets a validation refer to other objects of the module). use_default_vpc
    # creates no subnets and is not limited.
    condition     = var.use_default_vpc || var.az_count <= length(data.aws_availability_zones.available.names)
    error_message = "az_count is larger than the number of availability zones this region offers (eu-west-1 has 3); lower it."
  }
}

variable "key_name" {
  description = "Name of an existing EC2 key pair for SSH (the seed's only variable). Optional: Session Manager gives a shell without it."
  type        = string
  default     = null
}

variable "ssh_cidr_blocks" {
  description = "IPv4 CIDR blocks allowed to reach the instances on port 22. Empty (default) keeps SSH closed; use Session Manager instead."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.ssh_cidr_blocks : can(regex("^[0-9]{1,3}(\\.[0-9]{1,3}){3}/[0-9]{1,2}$", c)) && can(cidrhost(c, 0))])
    error_message = "ssh_cidr_blocks must be IPv4 CIDR blocks such as 203.0.113.0/24."
  }
  validation {
    # 0.0.0.0/0 in any spelling (/0, /00, 1.2.3.4/0) and any block wider than a /8 are refused,
    # and so are narrower blocks that together add up to more than one /8 (2^24 addresses): SSH
    # is never opened to the internet, in one rule or in many. try(): malformed entries are
    # reported by the rule above, not here.
    condition = try(alltrue([for c in var.ssh_cidr_blocks : tonumber(split("/", c)[1]) >= 8]), true) && try(sum(concat([0], [
      for c in var.ssh_cidr_blocks : pow(2, 32 - tonumber(split("/", c)[1]))
    ])) <= pow(2, 24), true)
    error_message = "ssh_cidr_blocks must not open SSH to the internet: each block /8 or narrower, together at most 2^24 addresses (0.0.0.0/0 in any form is refused)."
  }
}

variable "app_port" {
  description = "Port the service listens on, on each instance. Only the load balancer may reach it."
  type        = number
  default     = 8080

  validation {
    condition     = var.app_port >= 1024 && var.app_port <= 65535
    error_message = "app_port must be an unprivileged port, 1024 to 65535 (the service does not run as root)."
  }
}

variable "service_environment" {
  description = <<-EOT
    Extra settings of the service on every instance, as environment variables (for example
    { LOG_FORMAT = "json", MAX_ITERATIONS = "50000" }; the names are in docs/API.md,
    "Configuration", and the bundle's mandelbrot.env). User data writes them, with PORT from
    app_port, to /etc/mandelbrot/instance.env, which the unit reads after mandelbrot.env, so they
    win over it. They reach new instances only: a change makes a new launch template version,
    which rolls the fleet (instance refresh). Not for secrets: user data is readable by anyone
    who can describe the launch template.
  EOT
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.service_environment) : can(regex("^[A-Z_][A-Z0-9_]*$", k)) && k != "PORT"])
    error_message = "service_environment names must be upper-case environment variable names (A-Z, 0-9, _); PORT is set by app_port."
  }
  validation {
    # Written as NAME="value" into a systemd environment file that the hooks also read:
    # quotes, backslashes, $ and backquotes would be read differently by the two.
    condition     = alltrue([for v in values(var.service_environment) : can(regex("^[^\"\\\\$`\n]*$", v))])
    error_message = "service_environment values must not contain double quotes, backslashes, $, backquotes or line breaks."
  }
}

# --- Load balancer -----------------------------------------------------------------------------

variable "health_check_path" {
  description = "Path the load balancer's health check requests to decide that an instance is healthy. The service answers /health; CodeDeploy's ValidateService hook (deploy/codedeploy/hooks/validate-service.sh) always checks /health on the instance itself, whatever this says."
  type        = string
  default     = "/health"

  validation {
    condition     = startswith(var.health_check_path, "/")
    error_message = "health_check_path must start with /."
  }
}

variable "deregistration_delay" {
  description = "Seconds the load balancer keeps sending in-flight requests to an instance it removes (deployments, scale-in). Renders take well under a second; 30 s is ample and keeps deployments quick."
  type        = number
  default     = 30

  validation {
    condition     = var.deregistration_delay >= 0 && var.deregistration_delay <= 3600
    error_message = "deregistration_delay must be between 0 and 3600 seconds."
  }
}

variable "certificate_arn" {
  description = "ARN of an ACM certificate in the same region. When set, an HTTPS listener is added and HTTP redirects to it. Null (default): HTTP only."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)."
  }
}

variable "expose_metrics" {
  description = "Let the internet read the service's /metrics through the load balancer. false (default): the load balancer answers 404 for it; read it on an instance instead."
  type        = bool
  default     = false
}

# --- Instances and Auto Scaling ------------------------------------------------------------------

variable "instance_type" {
  description = "EC2 instance type. The seed used t2.micro (free tier eligible). Must be x86_64 unless ami_ssm_parameter is changed to an arm64 image."
  type        = string
  default     = "t2.micro"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type))
    error_message = "instance_type must look like an EC2 instance type, for example t2.micro."
  }
  validation {
    # Graviton (arm64) families: a1, and any family with a "g" right after its generation digit
    # (t4g, m6g, m6gd, c7gn, r8g, x2gd, im4gn, hpc7g, g5g...). They cannot boot the x86_64 image,
    # so they are refused unless the image is arm64 too: ami_ssm_parameter names an arm64 image,
    # or ami_id pins one (which cannot be checked here).
    condition     = !can(regex("^(a1|[a-z]+[0-9]+g[a-z0-9-]*)\\.", var.instance_type)) || endswith(var.ami_ssm_parameter, "arm64") || var.ami_id != null
    error_message = "instance_type is an arm64 (Graviton) type but the AMI is x86_64: use an x86_64 type such as t2.micro or t3.micro, or set ami_ssm_parameter to /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64."
  }
}

variable "cpu_credits" {
  description = <<-EOT
    Credit mode of burstable (t2/t3/t4g) instances: "unlimited" (default) or "standard".
    Why unlimited: a t2 in standard mode that has spent its credits is throttled to its
    baseline (10% of a vCPU for t2.micro), so CloudWatch reads about 10% CPU while requests
    queue. The scale-out alarm (CPU > 70%) then never fires and the scale-in alarm (CPU < 40%)
    does: the fleet shrinks exactly when it is overloaded. In unlimited mode the CPU keeps
    bursting, the alarms see real load, and the surplus costs 0.05 USD per vCPU-hour only when
    used. Ignored for non-burstable instance types.
  EOT
  type        = string
  default     = "unlimited"

  validation {
    condition     = contains(["standard", "unlimited"], var.cpu_credits)
    error_message = "cpu_credits must be \"standard\" or \"unlimited\"."
  }
}

variable "detailed_monitoring" {
  description = "1-minute EC2 metrics. The seed's CPU alarms evaluate 1-minute periods; with basic (5-minute) monitoring they would lack data and scale late. Costs about 2.10 USD per instance-month."
  type        = bool
  default     = true
}

variable "ami_ssm_parameter" {
  description = "Public SSM parameter naming the AMI, read when ami_id is null. Default: the latest Amazon Linux 2023 for x86_64 (use .../al2023-ami-kernel-default-arm64 with a Graviton instance type). Its value is captured at the first apply and kept (see ami_id); changing this parameter reads it again."
  type        = string
  default     = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"

  validation {
    condition     = startswith(var.ami_ssm_parameter, "/")
    error_message = "ami_ssm_parameter must be an SSM parameter path starting with /."
  }
}

variable "ami_id" {
  description = <<-EOT
    AMI the instances boot, pinned (an x86_64 Amazon Linux 2023 image unless the instance type is
    arm64). Null (default): the AMI that ami_ssm_parameter named at the first apply, kept until
    you refresh it (`terraform apply -replace='terraform_data.ami[0]'`), so that a new AL2023
    release does not roll the fleet during an unrelated apply. Changing it rolls the fleet
    (instance refresh), on purpose.
  EOT
  type        = string
  default     = null

  validation {
    condition     = var.ami_id == null || can(regex("^ami-([0-9a-f]{8}|[0-9a-f]{17})$", var.ami_id))
    error_message = "ami_id must be an AMI ID such as ami-0a1b2c3d4e5f60718 (or null to use ami_ssm_parameter)."
  }
}

variable "min_size" {
  description = "Fewest instances the Auto Scaling group keeps running."
  type        = number
  default     = 1

  validation {
    condition     = var.min_size >= 0 && floor(var.min_size) == var.min_size
    error_message = "min_size must be a whole number, 0 or more."
  }
}

variable "max_size" {
  description = "Most instances the scaling policies may launch."
  type        = number
  default     = 4

  validation {
    condition     = var.max_size >= 1 && floor(var.max_size) == var.max_size && var.max_size >= var.min_size
    error_message = "max_size must be a whole number, at least 1 and not less than min_size."
  }
}

variable "desired_capacity" {
  description = "Instances at creation; null (default): min_size. Afterwards the scaling policies own it: Terraform ignores later changes (scale by hand with `aws autoscaling set-desired-capacity`)."
  type        = number
  default     = null

  validation {
    # When min_size > max_size only max_size is reported: one mistake, one message. coalesce,
    # not a null test before ||: Terraform 1.11 evaluates both sides of ||.
    condition     = var.min_size > var.max_size || (coalesce(var.desired_capacity, var.min_size) >= var.min_size && coalesce(var.desired_capacity, var.min_size) <= var.max_size)
    error_message = "desired_capacity must be between min_size and max_size."
  }
}

variable "health_check_grace_period" {
  description = "Seconds after launch before a failing load balancer health check makes Auto Scaling replace an instance: time to boot, install Java and the agents, and deploy the last revision."
  type        = number
  default     = 300

  validation {
    condition     = var.health_check_grace_period >= 60 && var.health_check_grace_period <= 7200
    error_message = "health_check_grace_period must be between 60 and 7200 seconds."
  }
}

# --- The seed's scaling thresholds ---------------------------------------------------------------

variable "scale_out_cpu_threshold" {
  description = "Average CPU (%) above which, for 2 consecutive minutes, the group grows by 50%. Seed: 70."
  type        = number
  default     = 70

  validation {
    condition     = var.scale_out_cpu_threshold > 0 && var.scale_out_cpu_threshold <= 100
    error_message = "scale_out_cpu_threshold must be a percentage in (0, 100]."
  }
}

variable "scale_in_cpu_threshold" {
  description = "Average CPU (%) below which, for 2 consecutive minutes, the group loses one instance. Seed: 40. Must stay below the scale-out threshold or the group would flap."
  type        = number
  default     = 40

  validation {
    condition     = var.scale_in_cpu_threshold >= 0 && var.scale_in_cpu_threshold < 100 && var.scale_in_cpu_threshold < var.scale_out_cpu_threshold
    error_message = "scale_in_cpu_threshold must be a percentage in [0, 100) and below scale_out_cpu_threshold."
  }
}

variable "scale_out_latency_threshold" {
  description = "Average ALB TargetResponseTime, in SECONDS, above which for 1 minute the group grows by 50%. Seed: 3000 ms, so 3."
  type        = number
  default     = 3

  validation {
    condition     = var.scale_out_latency_threshold > 0 && var.scale_out_latency_threshold <= 60
    error_message = "scale_out_latency_threshold is in seconds and must be in (0, 60] (the seed's 3000 ms is 3)."
  }
}

# --- Revisions bucket and CodeDeploy ---------------------------------------------------------------

variable "revision_prefix" {
  description = "Key prefix of application revisions in the bucket; the deploy role may write only there."
  type        = string
  default     = "revisions/"

  validation {
    condition     = can(regex("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*/?$", var.revision_prefix))
    error_message = "revision_prefix must be a relative S3 key prefix such as revisions/."
  }
}

variable "revision_noncurrent_days" {
  description = "Days after which an overwritten (noncurrent) revision version is deleted. The 3 newest noncurrent versions are always kept for rollbacks."
  type        = number
  default     = 30

  validation {
    condition     = var.revision_noncurrent_days >= 1 && var.revision_noncurrent_days <= 3650
    error_message = "revision_noncurrent_days must be between 1 and 3650."
  }
}

variable "force_destroy_revisions_bucket" {
  description = "Let `terraform destroy` delete the revisions bucket even though it holds revisions (true, default: destroy leaves nothing behind). Set false to protect them."
  type        = bool
  default     = true
}

variable "deployment_config_name" {
  description = "CodeDeploy deployment configuration: how many instances are updated at once. Default one at a time, like the seed."
  type        = string
  default     = "CodeDeployDefault.OneAtATime"

  validation {
    condition     = can(regex("^[A-Za-z0-9.@_-]{1,100}$", var.deployment_config_name))
    error_message = "deployment_config_name must be a CodeDeploy deployment configuration name such as CodeDeployDefault.OneAtATime."
  }
}

# --- GitHub Actions (continuous deployment) --------------------------------------------------------

variable "github_repository" {
  description = "\"owner/repo\" whose main-branch workflows may deploy (OIDC, no stored keys). Null (default): no deploy role."
  type        = string
  default     = null

  validation {
    condition     = var.github_repository == null || can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be \"owner/repo\"."
  }
}

variable "github_branch" {
  description = "The only branch whose workflow runs may assume the deploy role."
  type        = string
  default     = "main"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]+$", var.github_branch))
    error_message = "github_branch must be a plain branch name such as main."
  }
}

variable "create_github_oidc_provider" {
  description = "Create the account's GitHub Actions OIDC identity provider. Set false if the account already has one (there can be only one per URL); it is then looked up."
  type        = bool
  default     = true
}

# --- CloudFront --------------------------------------------------------------------------------

variable "enable_cloudfront" {
  description = "Put a CloudFront distribution in front of the load balancer. It caches tiles and images for as long as the service's Cache-Control headers allow, so repeated views never reach the instances."
  type        = bool
  default     = false
}

variable "cloudfront_price_class" {
  description = "CloudFront edge locations used: PriceClass_100 (Europe and North America, cheapest), PriceClass_200 or PriceClass_All."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.cloudfront_price_class)
    error_message = "cloudfront_price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

# --- Operations: logs, alarms, notifications --------------------------------------------------------

variable "log_retention_days" {
  description = "Days CloudWatch Logs keeps the instances' service and CodeDeploy logs."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a value CloudWatch Logs accepts: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "alarm_email" {
  description = "E-mail address subscribed to the alarm topic (AWS sends a confirmation link). Null (default): no e-mail."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_email == null || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alarm_email))
    error_message = "alarm_email must be an e-mail address."
  }
}

variable "target_5xx_rate_threshold" {
  description = "Percentage of requests answered 5xx by the instances, over 2 consecutive minutes, that raises the errors alarm and rolls back a running deployment."
  type        = number
  default     = 5

  validation {
    condition     = var.target_5xx_rate_threshold > 0 && var.target_5xx_rate_threshold <= 100
    error_message = "target_5xx_rate_threshold must be a percentage in (0, 100]."
  }
}

variable "target_5xx_min_requests" {
  description = "Requests per minute below which the 5xx rate is not judged (one error out of two requests is not an outage)."
  type        = number
  default     = 20

  validation {
    condition     = var.target_5xx_min_requests >= 1
    error_message = "target_5xx_min_requests must be at least 1."
  }
}

variable "unhealthy_hosts_threshold" {
  description = "Unhealthy targets tolerated; more than this for 2 consecutive minutes raises the alarm and rolls back a running deployment. 0: any unhealthy instance."
  type        = number
  default     = 0

  validation {
    condition     = var.unhealthy_hosts_threshold >= 0 && floor(var.unhealthy_hosts_threshold) == var.unhealthy_hosts_threshold
    error_message = "unhealthy_hosts_threshold must be a whole number, 0 or more."
  }
}

variable "cpu_credit_balance_threshold" {
  description = "CPU credits below which the low-credit alarm fires (only when cpu_credits is standard). A t2.micro earns 6 per hour and holds at most 144."
  type        = number
  default     = 20

  validation {
    condition     = var.cpu_credit_balance_threshold > 0 && var.cpu_credit_balance_threshold <= 5760
    error_message = "cpu_credit_balance_threshold must be in (0, 5760]."
  }
}

variable "slack_team_id" {
  description = "Slack workspace ID already authorised in the AWS Chatbot console (starts with T). With slack_channel_id, creates a Chatbot channel configuration that posts alarms and deployments. Null (default): none. The Chatbot API answers in a few regions only (eu-west-1 is one)."
  type        = string
  default     = null

  validation {
    condition     = var.slack_team_id == null || can(regex("^T[A-Z0-9]{6,}$", var.slack_team_id))
    error_message = "slack_team_id must be a Slack workspace ID such as T07EA123LEP."
  }
}

variable "slack_channel_id" {
  description = "Slack channel ID (right-click the channel, Copy link: the last part, starts with C). Set together with slack_team_id."
  type        = string
  default     = null

  validation {
    condition     = (var.slack_channel_id == null) == (var.slack_team_id == null)
    error_message = "slack_channel_id and slack_team_id must be set together (or both left null)."
  }
  validation {
    condition     = var.slack_channel_id == null || can(regex("^[CG][A-Z0-9]{6,}$", var.slack_channel_id))
    error_message = "slack_channel_id must be a Slack channel ID such as C07EZ1ABC23."
  }
}
