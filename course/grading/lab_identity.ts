/**
 * Which lab a submission is graded as: `--lab` when given (a notebook whose
 * metadata or file name says another lab is graded as `--lab`, with a note,
 * never silently as the other lab), else the notebook's `metadata.lab.id`,
 * else its file name's `NN_` prefix.
 *
 * @module
 */
import { labIdOf } from "../notebook/handout.ts";
import type { Notebook } from "../notebook/ipynb.ts";

/** The lab to grade as, and a note when the notebook says otherwise. */
export interface LabIdentity {
  lab?: string;
  note?: string;
}

const LAB_ID = /^\d\d$/;

/**
 * Decides the lab of a submission (see the module doc).
 *
 * @param nb The notebook (its metadata is the student's: only a two-digit id is believed).
 * @param path Its path.
 * @param forced The `--lab` option.
 * @returns The lab and an optional note.
 *
 * @example
 * ```ts
 * import { labIdentity } from "./lab_identity.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const nb = { cells: [], metadata: { lab: { id: "03" } }, nbformat: 4, nbformat_minor: 5 };
 * assertEquals(labIdentity(nb, "x/anna.ipynb", "01"), {
 *   lab: "01",
 *   note: "the notebook says lab 03 (its metadata); graded as lab 01 (--lab)",
 * });
 * assertEquals(labIdentity(nb, "x/anna.ipynb").lab, "03");
 * ```
 */
export function labIdentity(
  nb: Notebook,
  path: string,
  forced?: string,
): LabIdentity {
  const meta = (nb.metadata?.lab as { id?: unknown } | undefined)?.id;
  const fromMeta = typeof meta === "string" && LAB_ID.test(meta)
    ? meta
    : undefined;
  const fromName = labIdOf(path.replace(/^.*\//, ""));
  if (forced) {
    const other = [
      fromMeta && fromMeta !== forced ? `lab ${fromMeta} (its metadata)` : "",
      fromName && fromName !== forced && fromName !== fromMeta
        ? `lab ${fromName} (its file name)`
        : "",
    ].filter((s) => s);
    return other.length
      ? {
        lab: forced,
        note: `the notebook says ${
          other.join(" and ")
        }; graded as lab ${forced} (--lab)`,
      }
      : { lab: forced };
  }
  return { lab: fromMeta ?? fromName };
}
