import { runNotebook } from "../course/runner/run_notebook.ts";
import { readNotebook } from "../course/notebook/ipynb.ts";
const nb = await readNotebook("/work/main/tests/fixtures/notebooks/90_fixture_lab.ipynb");
const r = await runNotebook(nb, { checks: "/work/main/tests/fixtures/rubric/lab90.ts" });
console.log(JSON.stringify({ cells: r.cells.map((c) => [c.index, c.status, JSON.stringify(c.outputs).slice(0, 120)]), checks: r.checks, figures: r.figures, denials: r.denials, problems: r.problems, ms: r.ms }, null, 1));
