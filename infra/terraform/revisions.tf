# The S3 bucket CodeDeploy reads application revisions (the bundle zip) from.
#
# Private (all public access blocked, ACLs disabled), encrypted at rest (SSE-S3: free, and the
# instance role needs no KMS permission), reachable only over TLS, versioned so that an
# overwritten revision can still be redeployed, with old versions expired so it does not grow
# forever. Revision keys should be unique per build (for example revisions/<git sha>.zip): then
# every past revision stays current and rollbacks always find it.

resource "aws_s3_bucket" "revisions" {
  bucket_prefix = "${var.name}-revisions-"
  force_destroy = var.force_destroy_revisions_bucket

  tags = { Name = "${var.name}-revisions" }
}

resource "aws_s3_bucket_ownership_controls" "revisions" {
  bucket = aws_s3_bucket.revisions.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "revisions" {
  bucket = aws_s3_bucket.revisions.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "revisions" {
  bucket = aws_s3_bucket.revisions.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "revisions" {
  bucket = aws_s3_bucket.revisions.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "revisions" {
  bucket = aws_s3_bucket.revisions.id

  # Lifecycle rules act on versions, so versioning must be on first.
  depends_on = [aws_s3_bucket_versioning.revisions]

  rule {
    id     = "expire-old-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days           = var.revision_noncurrent_days
      newer_noncurrent_versions = 3
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
}

resource "aws_s3_bucket_policy" "revisions" {
  bucket = aws_s3_bucket.revisions.id

  # The public access block must exist first or S3 may judge the policy before it applies.
  depends_on = [aws_s3_bucket_public_access_block.revisions]

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.revisions.arn, "${aws_s3_bucket.revisions.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
