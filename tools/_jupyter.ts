/**
 * Helpers for the tools that use a real Jupyter when one is installed.
 *
 * @module
 */
import { makeHtmlFileOffline } from "../course/notebook/html_export.ts";

/**
 * Tells whether `jupyter nbconvert` can run here.
 *
 * @returns `true` if the command answers.
 *
 * @example
 * ```ts ignore
 * import { hasJupyter } from "./_jupyter.ts";
 * if (await hasJupyter()) console.log("HTML export available");
 * ```
 */
export async function hasJupyter(): Promise<boolean> {
  try {
    const out = await new Deno.Command("jupyter", {
      args: ["nbconvert", "--version"],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

/**
 * Exports an (already executed) notebook to static HTML next to it, without
 * executing it again, and makes the page work offline: plotly.js and MathJax
 * inlined, nbconvert's CDN MathJax loader removed (`makeOfflineHtml`).
 *
 * @param path The `.ipynb` file.
 * @returns The HTML path, or an error message.
 *
 * @example
 * ```ts ignore
 * import { exportHtml } from "./_jupyter.ts";
 * await exportHtml("build/executed/01_bptt_weather.ipynb");
 * ```
 */
export async function exportHtml(
  path: string,
): Promise<{ html?: string; error?: string }> {
  const dir = path.replace(/\/[^/]*$/, "");
  const out = await new Deno.Command("jupyter", {
    args: ["nbconvert", "--to", "html", "--output-dir", dir, path],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    return {
      error: new TextDecoder().decode(out.stderr).trim().split("\n").slice(-3)
        .join(" | "),
    };
  }
  const html = path.replace(/\.ipynb$/, ".html");
  await makeHtmlFileOffline(html);
  return { html };
}

const EXECUTE = `
import sys, nbformat
from nbclient import NotebookClient
src, dst, cwd, timeout = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
nb = nbformat.read(src, as_version=4)
NotebookClient(nb, timeout=timeout, kernel_name="deno", resources={"metadata": {"path": cwd}}).execute()
nbformat.write(nb, dst)
`;

/**
 * Executes a notebook with the real Deno kernel through nbclient, with the
 * kernel's working directory set to `cwd` (so `../lib` imports resolve as in
 * `notebooks/`), and writes the executed copy.
 *
 * @param src Notebook to execute.
 * @param dst Where to write the executed notebook.
 * @param cwd Kernel working directory.
 * @param timeoutS Per-cell limit in seconds.
 * @returns `ok`, or the error text.
 *
 * @example
 * ```ts ignore
 * import { executeWithJupyter } from "./_jupyter.ts";
 * await executeWithJupyter("build/solutions/x.ipynb", "build/solutions/x.ipynb", "notebooks", 600);
 * ```
 */
export async function executeWithJupyter(
  src: string,
  dst: string,
  cwd: string,
  timeoutS: number,
): Promise<{ ok: boolean; error?: string }> {
  const out = await new Deno.Command(await jupyterPython(), {
    args: ["-c", EXECUTE, src, dst, cwd, String(timeoutS)],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (out.success) return { ok: true };
  const err = new TextDecoder().decode(out.stderr).trim().split("\n");
  return { ok: false, error: err.slice(-6).join("\n") };
}

// The Python that runs `jupyter` (Debian's, with nbclient), read from its shebang.
async function jupyterPython(): Promise<string> {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    try {
      const head = (await Deno.readTextFile(`${dir}/jupyter`)).split("\n")[0];
      if (head.startsWith("#!")) return head.slice(2).trim().split(/\s+/)[0];
    } catch { /* not in this folder */ }
  }
  return "python3";
}
