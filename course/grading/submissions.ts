/**
 * Finds the notebooks to grade, as files only: a submission that is a
 * symbolic link (file or folder), resolves outside the folder it was found
 * in, or is too large to be a notebook is refused, with a note saying why
 * and nothing of its content.
 *
 * @module
 */
import { join, relative, resolve } from "@std/path";

/** Largest notebook read (bytes). */
export const MAX_NOTEBOOK_BYTES = 50 << 20;

/** A notebook to grade, or a refused path. */
export interface Submission {
  /** Path as found (under the folder given, or as given). */
  path: string;
  /** Why it is not graded (absent when it is). */
  refused?: string;
}

async function refusal(
  path: string,
  root: string,
): Promise<string | undefined> {
  const info = await Deno.lstat(path);
  if (info.isSymlink) {
    return "refused: the submission is a symbolic link, not a file";
  }
  if (!info.isFile) return "refused: not a regular file";
  if (info.size > MAX_NOTEBOOK_BYTES) {
    return `refused: ${info.size} bytes, more than ${MAX_NOTEBOOK_BYTES} for a notebook`;
  }
  const real = await Deno.realPath(path);
  const rel = relative(await Deno.realPath(root), real);
  if (rel.startsWith("..") || rel.startsWith("/")) {
    return "refused: the file resolves outside the folder given";
  }
  return undefined;
}

/**
 * The notebooks under `paths`: files as given, folders searched recursively
 * (skipping `.ipynb_checkpoints`), sorted within each folder.
 *
 * @param paths Files or folders.
 * @returns One entry per notebook (or refused path), in a stable order.
 *
 * @example
 * ```ts ignore
 * import { findSubmissions } from "./submissions.ts";
 * for (const s of await findSubmissions(["submissions/"])) console.log(s.path, s.refused ?? "ok");
 * ```
 */
export async function findSubmissions(paths: string[]): Promise<Submission[]> {
  const out: Submission[] = [];
  for (const p of paths) {
    const info = await Deno.lstat(p);
    if (!info.isDirectory) {
      out.push({ path: p, refused: await refusal(p, resolve(p, "..")) });
      continue;
    }
    const found: Submission[] = [];
    const walk = async (dir: string) => {
      const entries: Deno.DirEntry[] = [];
      for await (const e of Deno.readDir(dir)) entries.push(e);
      for (const e of entries) {
        const full = join(dir, e.name);
        if (e.isSymlink) {
          found.push({
            path: full,
            refused: "refused: the submission is a symbolic link, not a file",
          });
        } else if (e.isDirectory && e.name !== ".ipynb_checkpoints") {
          await walk(full);
        } else if (e.isFile && e.name.endsWith(".ipynb")) {
          found.push({ path: full, refused: await refusal(full, p) });
        }
      }
    };
    await walk(p);
    out.push(
      ...found.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
    );
  }
  return out;
}
