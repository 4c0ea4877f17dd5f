terraform {
  # 1.11: `terraform test` with mock providers, cross-variable validation (1.9+).
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}

# This folder is the root you apply, so it configures the provider itself. Everything is tagged
# so that Cost Explorer can show what this stack costs (tag `Project`).
provider "aws" {
  region = var.region

  default_tags {
    tags = merge({ Project = var.name, ManagedBy = "terraform" }, var.tags)
  }
}
