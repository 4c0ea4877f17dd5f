# Bad variable values are refused at plan time by `validation` blocks, before anything is
# created. Each run lists exactly the variables whose validation must fail.

mock_provider "aws" {
  source = "./tests/mocks"
}

run "min_size_above_max_size_is_rejected" {
  command = plan

  variables {
    min_size         = 3
    max_size         = 2
    desired_capacity = 3
  }

  expect_failures = [var.max_size]
}

run "unknown_credit_mode_is_rejected" {
  command = plan

  variables {
    cpu_credits = "turbo"
  }

  expect_failures = [var.cpu_credits]
}

run "scaling_thresholds_out_of_range_are_rejected" {
  command = plan

  variables {
    scale_out_cpu_threshold = 150
    # Milliseconds by mistake: the threshold is in seconds.
    scale_out_latency_threshold = 3000
  }

  expect_failures = [var.scale_out_cpu_threshold, var.scale_out_latency_threshold]
}

run "scale_in_threshold_at_or_above_scale_out_is_rejected" {
  command = plan

  variables {
    scale_in_cpu_threshold = 70
  }

  expect_failures = [var.scale_in_cpu_threshold]
}

# Independent mistakes, one run (each plan costs seconds): each must be reported.
run "other_malformed_values_are_rejected" {
  command = plan

  variables {
    desired_capacity          = 5
    ssh_cidr_blocks           = ["198.51.100.0/24", "0.0.0.0/0"]
    name                      = "Mandelbrot_Prod"
    az_count                  = 1
    app_port                  = 80
    certificate_arn           = "my-certificate"
    github_repository         = "not a repository"
    log_retention_days        = 10
    target_5xx_rate_threshold = 0
    slack_team_id             = "T07EA123LEP"
    scale_in_cpu_threshold    = -5
  }

  expect_failures = [
    var.desired_capacity,
    var.ssh_cidr_blocks,
    var.name,
    var.az_count,
    var.app_port,
    var.certificate_arn,
    var.github_repository,
    var.log_retention_days,
    var.target_5xx_rate_threshold,
    var.slack_channel_id,
    var.scale_in_cpu_threshold,
  ]
}

# --- Graviton instance types against the x86_64 image --------------------------------------------

run "arm64_instance_types_are_rejected_with_the_x86_64_image" {
  command = plan
  variables {
    instance_type = "t4g.micro"
  }
  expect_failures = [var.instance_type]
}

run "a_newer_graviton_family_is_rejected_too" {
  command = plan
  variables {
    instance_type = "m7g.large"
  }
  expect_failures = [var.instance_type]
}

run "graviton_families_with_more_after_the_g_are_rejected" {
  command = plan
  variables {
    instance_type = "r8gd.xlarge"
  }
  expect_failures = [var.instance_type]
}

run "a1_is_rejected" {
  command = plan
  variables {
    instance_type = "a1.medium"
  }
  expect_failures = [var.instance_type]
}

run "graviton_is_accepted_with_the_arm64_image" {
  command = plan
  variables {
    instance_type     = "t4g.small"
    ami_ssm_parameter = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
  }
  assert {
    condition     = data.aws_ssm_parameter.ami[0].name == "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64"
    error_message = "A Graviton type with the arm64 parameter must plan."
  }
}

run "x86_types_whose_name_has_a_g_elsewhere_are_accepted" {
  command = plan
  variables {
    instance_type = "g4dn.xlarge"
  }
  assert {
    condition     = aws_launch_template.app.instance_type == "g4dn.xlarge"
    error_message = "g4dn (x86_64) must not be taken for Graviton."
  }
}

# --- Availability zones: no more subnets than the region has zones (the mock has eu-west-1's 3) ---

run "more_zones_than_the_region_has_are_rejected" {
  command = plan
  variables {
    az_count = 4
  }
  expect_failures = [var.az_count]
}

run "all_three_zones_of_eu_west_1_are_accepted" {
  command = plan
  variables {
    az_count = 3
  }
  assert {
    condition     = length(aws_subnet.public) == 3
    error_message = "az_count = 3 must give 3 subnets."
  }
}

# --- SSH never open to the internet ----------------------------------------------------------

run "ssh_from_everywhere_spelled_otherwise_is_rejected" {
  command = plan
  variables {
    ssh_cidr_blocks = ["0.0.0.0/00"]
  }
  expect_failures = [var.ssh_cidr_blocks]
}

run "ssh_from_a_block_wider_than_a_slash_8_is_rejected" {
  command = plan
  variables {
    ssh_cidr_blocks = ["128.0.0.0/1"]
  }
  expect_failures = [var.ssh_cidr_blocks]
}

run "ssh_from_blocks_that_together_exceed_a_slash_8_is_rejected" {
  command = plan
  variables {
    ssh_cidr_blocks = ["10.0.0.0/8", "11.0.0.0/9", "12.0.0.0/9"]
  }
  expect_failures = [var.ssh_cidr_blocks]
}

run "ssh_from_ipv6_is_rejected" {
  command = plan
  variables {
    ssh_cidr_blocks = ["::/0"]
  }
  expect_failures = [var.ssh_cidr_blocks]
}

run "ssh_from_one_slash_8_is_accepted" {
  command = plan
  variables {
    ssh_cidr_blocks = ["10.0.0.0/8"]
  }
  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.instances_ssh) == 1
    error_message = "A single /8 must be accepted."
  }
}

# --- Names S3 refuses for the revisions bucket -----------------------------------------------

run "name_with_the_xn_prefix_is_rejected" {
  command = plan
  variables {
    name = "xn--mandelbrot"
  }
  expect_failures = [var.name]
}

run "name_with_the_sthree_prefix_is_rejected" {
  command = plan
  variables {
    name = "sthree-mandelbrot"
  }
  expect_failures = [var.name]
}

run "name_with_the_amzn_s3_demo_prefix_is_rejected" {
  command = plan
  variables {
    name = "amzn-s3-demo-app"
  }
  expect_failures = [var.name]
}

# --- service_environment -----------------------------------------------------------------------

run "service_environment_may_not_set_port_or_odd_names" {
  command = plan
  variables {
    service_environment = { PORT = "9090", "log-format" = "json" }
  }
  expect_failures = [var.service_environment]
}

run "service_environment_values_may_not_hold_quotes_or_expansions" {
  command = plan
  variables {
    service_environment = { JAVA_OPTS = "-Dx=\"$HOME\"" }
  }
  expect_failures = [var.service_environment]
}
