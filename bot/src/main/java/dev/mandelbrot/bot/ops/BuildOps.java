package dev.mandelbrot.bot.ops;

import dev.mandelbrot.bot.command.Command;
import dev.mandelbrot.bot.config.Environment;
import dev.mandelbrot.bot.github.GitHubClient;
import dev.mandelbrot.bot.github.WorkflowRun;
import java.util.List;
import java.util.Optional;

/** {@code builds} and {@code rebuild}: GitHub Actions runs, as the seed's bot listed CI builds. */
final class BuildOps {

    private final GitHubClient github;

    BuildOps(GitHubClient github) {
        this.github = github;
    }

    String builds(Environment env, Command.Builds c) {
        String workflow = c.workflow().orElse(env.ciWorkflow());
        List<WorkflowRun> runs = github.runs(env.githubRepository(), workflow, c.branch(), Optional.empty(), 10);
        String where = workflow + c.branch().map(b -> " on " + b).orElse("") + " in " + env.githubRepository();
        if (runs.isEmpty()) {
            return "No runs of " + where + ".";
        }
        // GitHub's pages call a run #number, but re-running one takes its id: both are listed.
        StringBuilder sb = new StringBuilder("Recent runs of " + where + " (rebuild takes the id):");
        for (WorkflowRun r : runs) {
            sb.append("\n#").append(r.number()).append("  id ").append(r.id()).append("  ").append(r.outcome()).append("  ").append(r.branch())
                    .append("  ").append(Text.shortSha(r.sha())).append("  ").append(Text.time(r.created()))
                    .append("  ").append(r.name());
        }
        return sb.toString();
    }

    String rebuild(Environment env, Command.Rebuild c) {
        github.rerun(env.githubRepository(), c.runId());
        return "Re-running run id " + c.runId() + " in " + env.githubRepository() + ". See it with builds.";
    }
}
