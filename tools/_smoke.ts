import { runNotebook } from "../course/runner/run_notebook.ts";
import { readNotebook } from "../course/notebook/ipynb.ts";
const [path, rubric] = Deno.args;
const nb = await readNotebook(path);
const r = await runNotebook(nb, {
  checks: rubric,
  skipTagged: path.includes("handouts/"),
});
console.log(JSON.stringify(
  {
    bad: r.cells.filter((c) => c.status !== "ok").map((
      c,
    ) => [c.index, c.status, JSON.stringify(c.outputs).slice(0, 300)]),
    checks: r.checks.map((
      c,
    ) => [
      c.id,
      c.status,
      c.score,
      c.maxPoints,
      Math.round(c.ms),
      c.message?.slice(0, 200),
    ]),
    figures: r.figures,
    denials: r.denials,
    problems: r.problems,
    ms: r.ms,
  },
  null,
  1,
));
