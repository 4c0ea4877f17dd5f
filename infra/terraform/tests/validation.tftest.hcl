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
