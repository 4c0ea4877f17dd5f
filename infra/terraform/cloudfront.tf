# Optional CloudFront distribution in front of the load balancer (enable_cloudfront = true).
#
# Tiles and images are pure functions of their URL, and the service says how long each may be
# kept with its Cache-Control header. The cache policy below keys on the full query string and
# keeps a response exactly as long as that header allows (default TTL 0: a response without
# Cache-Control is not cached, so /health and /metrics pass through). Many users looking at the
# same area then cost one render. CloudFront reaches the ALB over HTTP: the ALB's own DNS name
# matches no certificate; viewers still get HTTPS from CloudFront.

resource "aws_cloudfront_cache_policy" "origin_cache_control" {
  count = var.enable_cloudfront ? 1 : 0

  name        = "${var.name}-origin-cache-control"
  comment     = "Honour the service's Cache-Control; key on path and query string"
  min_ttl     = 0
  default_ttl = 0
  max_ttl     = 31536000

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true

    query_strings_config {
      query_string_behavior = "all"
    }
    headers_config {
      header_behavior = "none"
    }
    cookies_config {
      cookie_behavior = "none"
    }
  }
}

resource "aws_cloudfront_distribution" "this" {
  count = var.enable_cloudfront ? 1 : 0

  enabled         = true
  comment         = "${var.name}: cache in front of the load balancer"
  is_ipv6_enabled = true
  price_class     = var.cloudfront_price_class
  http_version    = "http2and3"

  origin {
    origin_id   = "alb"
    domain_name = aws_lb.this.dns_name

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "alb"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD", "OPTIONS"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = aws_cloudfront_cache_policy.origin_cache_control[0].id
    compress               = true
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
