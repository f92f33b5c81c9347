/**
 * `deno task handouts` (authors): writes `handouts/<name>.ipynb` for every
 * solution notebook in `notebooks/` (or the notebooks given), after
 * validating its markers; then checks that every handout cell compiles.
 * When Jupyter is installed (and unless `--no-execute`), it also executes a
 * marker-free copy of each solution with the real Deno kernel into
 * `build/solutions/<name>.ipynb` and exports `build/solutions/<name>.html`.
 *
 * Never writes into `notebooks/`; writes atomically; unchanged handouts are
 * not rewritten, and a rerun gives byte-identical files.
 *
 * Usage: `deno task handouts [notebook.ipynb…] [--out DIR] [--no-execute]`.
 *
 * @module
 */
import { executeWithJupyter, exportHtml, hasJupyter } from "./_jupyter.ts";
import { makeHandout, stripMarkers } from "../course/notebook/handout.ts";
import {
  readNotebook,
  serializeNotebook,
  sourceText,
  writeNotebook,
  writeTextAtomic,
} from "../course/notebook/ipynb.ts";
import { MarkerError } from "../course/notebook/markers.ts";
import { compileCell } from "../course/notebook/compile.ts";
import { REPO_ROOT } from "../course/runner/run_notebook.ts";

function absolute(path: string): string {
  return path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
}

async function realDir(path: string): Promise<string> {
  return await Deno.realPath(path).catch(() => path);
}

if (import.meta.main) {
  const args = [...Deno.args];
  const take = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    return args.splice(i, 2)[1];
  };
  const noExecute = args.includes("--no-execute");
  if (noExecute) args.splice(args.indexOf("--no-execute"), 1);
  const outDir = absolute(take("--out") ?? `${REPO_ROOT}/handouts`);
  let files = args.map(absolute);
  if (files.length === 0) {
    for await (const e of Deno.readDir(`${REPO_ROOT}/notebooks`)) {
      if (e.isFile && e.name.endsWith(".ipynb")) {
        files.push(`${REPO_ROOT}/notebooks/${e.name}`);
      }
    }
    files = files.sort();
  }
  const out = await realDir(outDir);
  const sourceDirs = new Set([
    await Deno.realPath(`${REPO_ROOT}/notebooks`).catch(() =>
      `${REPO_ROOT}/notebooks`
    ),
    ...await Promise.all(
      files.map((f) => Deno.realPath(f.replace(/\/[^/]*$/, ""))),
    ),
  ]);
  if (sourceDirs.has(out)) {
    console.error(
      `refusing to write handouts into ${out}: it holds solution notebooks`,
    );
    Deno.exit(2);
  }
  await Deno.mkdir(out, { recursive: true });
  let failed = false;
  const written: string[] = [];
  for (const file of files) {
    const name = file.replace(/^.*\//, "");
    let handout;
    try {
      handout = makeHandout(await readNotebook(file), name);
    } catch (e) {
      console.error(
        e instanceof MarkerError
          ? e.message
          : `${name}: ${(e as Error).message}`,
      );
      failed = true;
      continue;
    }
    // A handout must load: every cell compiles (stubs fit where the regions were).
    for (const [i, cell] of handout.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const c = await compileCell(
        sourceText(cell.source),
        i,
        "file:///handout/",
      );
      if (c.syntaxError) {
        console.error(
          `${name}: handout cell ${i + 1} does not compile: ${c.syntaxError}`,
        );
        failed = true;
      }
    }
    const target = `${out}/${name}`;
    const text = serializeNotebook(handout);
    const old = await Deno.readTextFile(target).catch(() => undefined);
    if (old !== text) await writeTextAtomic(target, text);
    console.log(
      `${old === text ? "unchanged" : "wrote"} ${
        target.replace(REPO_ROOT + "/", "")
      }`,
    );
    written.push(file);
  }
  if (!noExecute && await hasJupyter()) {
    for (const file of written) {
      const name = file.replace(/^.*\//, "");
      const dst = `${REPO_ROOT}/build/solutions/${name}`;
      await writeNotebook(dst, stripMarkers(await readNotebook(file)));
      const t0 = performance.now();
      const r = await executeWithJupyter(
        dst,
        dst,
        `${REPO_ROOT}/notebooks`,
        600,
      );
      if (!r.ok) {
        console.error(`${name}: Jupyter execution failed:\n${r.error}`);
        failed = true;
        continue;
      }
      const h = await exportHtml(dst);
      console.log(
        `executed ${dst.replace(REPO_ROOT + "/", "")} in ${
          ((performance.now() - t0) / 1000).toFixed(1)
        } s` +
          (h.html
            ? `, html ${h.html.replace(REPO_ROOT + "/", "")}`
            : `, html failed: ${h.error}`),
      );
    }
  } else if (!noExecute) {
    console.log("executed solutions: skipped (no Jupyter installed)");
  }
  Deno.exit(failed ? 1 : 0);
}
