# Application Load Balancer: the one public entry point (the seed's classic ELB is legacy).
#
# One target group on the app port, health-checked on /health. Requests go to the instance with
# the fewest outstanding requests rather than round robin, because renders vary a lot in cost.
# HTTP always; HTTPS when an ACM certificate is given, and then HTTP only redirects to it
# (except behind CloudFront, which talks plain HTTP to the origin, see cloudfront.tf).

resource "aws_lb" "this" {
  name               = "${var.name}-alb"
  load_balancer_type = "application"
  internal           = false
  security_groups    = [aws_security_group.alb.id]
  subnets            = local.subnet_ids

  drop_invalid_header_fields = true
  idle_timeout               = 60

  tags = { Name = "${var.name}-alb" }
}

# The port is part of the name: `port` cannot change in place (the provider replaces the target
# group), and the listener still forwards to the old group while it exists, so AWS refuses to
# delete it first (ResourceInUse). create_before_destroy makes the new group first, the
# listeners, the Auto Scaling group and the deployment group move to it in place, and only then
# is the old one deleted; a fixed name would collide with the old group still there. (name_prefix
# would also work but leaves 6 characters, so names would no longer say which stack they are.)
# Longest name: 20 (var.name) + "-app-" + 5 digits = 30, within the 32 AWS allows.
resource "aws_lb_target_group" "app" {
  name                 = "${var.name}-app-${var.app_port}"
  port                 = var.app_port
  protocol             = "HTTP"
  target_type          = "instance"
  vpc_id               = local.vpc_id
  deregistration_delay = var.deregistration_delay

  load_balancing_algorithm_type = "least_outstanding_requests"

  health_check {
    path                = var.health_check_path
    port                = "traffic-port"
    protocol            = "HTTP"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = { Name = "${var.name}-app" }

  lifecycle {
    create_before_destroy = true
  }
}

locals {
  https_enabled = var.certificate_arn != null
  # CloudFront reaches the origin over HTTP (the ALB's own DNS name matches no certificate),
  # so with CloudFront the HTTP listener must serve, not redirect.
  redirect_http = local.https_enabled && !var.enable_cloudfront
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = local.redirect_http ? "redirect" : "forward"
    target_group_arn = local.redirect_http ? null : aws_lb_target_group.app.arn

    dynamic "redirect" {
      for_each = local.redirect_http ? [1] : []
      content {
        port        = "443"
        protocol    = "HTTPS"
        status_code = "HTTP_301"
      }
    }
  }
}

resource "aws_lb_listener" "https" {
  count = local.https_enabled ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

# /metrics tells anyone who can read it about traffic and internals. Operators read it on an
# instance (Session Manager: curl localhost:<port>/metrics); the internet gets a 404 unless
# expose_metrics says otherwise. Rules are checked before a listener's default action.
locals {
  metrics_block_listeners = var.expose_metrics ? {} : merge(
    { http = aws_lb_listener.http.arn },
    local.https_enabled ? { https = aws_lb_listener.https[0].arn } : {},
  )
}

resource "aws_lb_listener_rule" "hide_metrics" {
  for_each = local.metrics_block_listeners

  listener_arn = each.value
  priority     = 10

  condition {
    path_pattern {
      values = ["/metrics", "/metrics/*"]
    }
  }

  action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      status_code  = "404"
      message_body = "Not found"
    }
  }
}
