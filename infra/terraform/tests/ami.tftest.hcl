# The AMI: read once from the public SSM parameter and kept, so that a new Amazon Linux 2023
# release does not give the launch template a new version (and the fleet an instance refresh)
# during an unrelated apply; refreshed only on purpose; or pinned with ami_id.

mock_provider "aws" {
  source = "./tests/mocks"
}

run "the_first_apply_takes_the_ami_the_parameter_names" {
  override_data {
    target = data.aws_ssm_parameter.ami[0]
    values = { insecure_value = "ami-0aaaaaaaaaaaaaaa1", value = "ami-0aaaaaaaaaaaaaaa1" }
  }

  assert {
    condition     = aws_launch_template.app.image_id == "ami-0aaaaaaaaaaaaaaa1"
    error_message = "The first apply must launch the AMI the SSM parameter names."
  }
}

run "a_new_al2023_release_does_not_change_the_launch_template" {
  # AWS has published a newer image since: the parameter now names another AMI.
  override_data {
    target = data.aws_ssm_parameter.ami[0]
    values = { insecure_value = "ami-0bbbbbbbbbbbbbbb2", value = "ami-0bbbbbbbbbbbbbbb2" }
  }

  assert {
    condition     = aws_launch_template.app.image_id == "ami-0aaaaaaaaaaaaaaa1"
    error_message = "An unrelated apply must keep the captured AMI (no new launch template version, no fleet roll)."
  }
}

run "replacing_the_captured_value_takes_the_new_release" {
  override_data {
    target = data.aws_ssm_parameter.ami[0]
    values = { insecure_value = "ami-0bbbbbbbbbbbbbbb2", value = "ami-0bbbbbbbbbbbbbbb2" }
  }

  plan_options {
    replace = [terraform_data.ami[0]]
  }

  assert {
    condition     = aws_launch_template.app.image_id == "ami-0bbbbbbbbbbbbbbb2"
    error_message = "terraform apply -replace='terraform_data.ami[0]' must take the AMI the parameter names now."
  }
}

run "ami_id_pins_the_image_and_skips_ssm" {
  variables {
    ami_id = "ami-0123456789abcdef0"
  }

  assert {
    condition     = aws_launch_template.app.image_id == "ami-0123456789abcdef0" && length(data.aws_ssm_parameter.ami) == 0
    error_message = "ami_id must be the launch template's image, without reading SSM."
  }
}

run "a_malformed_ami_id_is_rejected" {
  command = plan

  variables {
    ami_id = "0123456789abcdef0"
  }

  expect_failures = [var.ami_id]
}
