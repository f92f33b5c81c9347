/**
 * Text pieces of a progress line: durations, rates, info values, the bar.
 *
 * @module
 */

/** Values shown after the counts, e.g. `{ loss: 0.0123 }`. */
export type ProgressInfo = Record<string, number | string>;

/** `mm:ss`, or `h:mm:ss` from one hour on. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "?";
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600), m = Math.floor(total / 60) % 60;
  const s = total % 60;
  const mmss = `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** A number with 4 significant digits, without trailing zeros. */
export function formatValue(v: number | string): string {
  if (typeof v === "string") return v;
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(4)));
}

/** `loss=0.0123, acc=0.9` */
export function formatInfo(info: ProgressInfo): string {
  return Object.entries(info).map(([k, v]) => `${k}=${formatValue(v)}`).join(
    ", ",
  );
}

/** A bar of `width` cells, filled to `fraction` (eighth blocks at the edge). */
export function formatBar(fraction: number, width: number): string {
  const f = Math.min(1, Math.max(0, fraction));
  const eighths = Math.round(f * width * 8);
  const full = Math.floor(eighths / 8), rest = eighths % 8;
  const partial = rest > 0 ? " ▏▎▍▌▋▊▉"[rest] : "";
  return "█".repeat(full) + partial +
    " ".repeat(width - full - partial.length);
}
