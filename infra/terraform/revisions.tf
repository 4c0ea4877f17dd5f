# The S3 bucket CodeDeploy reads application revisions (the bundle zip) from.
#
# Private (all public access blocked, ACLs disabled), encrypted at rest (SSE-S3: free, and the
# instance role needs no KMS permission), reachable only over TLS, and versioned so that an
# overwritten revision can still be redeployed. Revision keys should be unique per build (for
# example revisions/<git sha>.zip): then every past revision stays current and rollbacks always
# find it.
#
# The bucket grows: the lifecycle rule below expires only overwritten (noncurrent) versions,
# never a current object, and it must not. Every instance Auto Scaling launches (scale-out,
# replacement) receives the group's last successful revision from here, and rollbacks redeploy
# older ones. Each push to main adds one revision of about 15 MB (the server jar, mostly): a
# thousand pushes are about 15 GB, 0.35 USD a month in S3 Standard. Delete by hand the ones you
# will never roll back to if it matters, but never the group's last successful one.

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

  # Overwritten versions only (see the top of this file for why current ones stay).
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
