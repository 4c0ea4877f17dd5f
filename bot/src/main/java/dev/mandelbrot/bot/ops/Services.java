package dev.mandelbrot.bot.ops;

import dev.mandelbrot.bot.aws.Alarms;
import dev.mandelbrot.bot.aws.CodeDeployGateway;
import dev.mandelbrot.bot.aws.RevisionsGateway;
import dev.mandelbrot.bot.aws.ScalingGateway;
import dev.mandelbrot.bot.aws.TargetsGateway;
import dev.mandelbrot.bot.github.GitHubClient;

/** The outside world the commands act on. */
public record Services(CodeDeployGateway codeDeploy, ScalingGateway scaling, TargetsGateway targets,
        Alarms alarms, RevisionsGateway revisions, GitHubClient github) {}
