/**
 * `progress`: wraps a loop's iterable (or a count) in a progress bar.
 *
 * @module
 */
import {
  ProgressBar,
  type ProgressInfo,
  type ProgressOptions,
} from "./progress_bar.ts";

/**
 * An iterable that advances its {@linkcode ProgressBar} after each item.
 * Iterate with `for await` in notebooks so the bar moves while the loop runs.
 */
export class Progress<T> implements Iterable<T>, AsyncIterable<T> {
  /** The bar being advanced. */
  readonly bar: ProgressBar;
  #source: Iterable<T>;

  constructor(source: Iterable<T>, options: ProgressOptions) {
    this.#source = source;
    this.bar = new ProgressBar(options);
  }

  /** Values shown after the counts from the next render on, e.g. `{ loss }`. */
  set(info: ProgressInfo): void {
    this.bar.set(info);
  }

  *[Symbol.iterator](): Iterator<T> {
    let done = 0;
    try {
      for (const item of this.#source) {
        yield item;
        void this.bar.update(++done);
      }
    } finally {
      void this.bar.close();
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let done = 0;
    try {
      for (const item of this.#source) {
        yield item;
        // Waiting here lets Jupyter receive the update while the loop runs.
        await this.bar.update(++done);
      }
    } finally {
      await this.bar.close();
    }
  }
}

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

function lengthOf(source: unknown): number | undefined {
  if (Array.isArray(source) || ArrayBuffer.isView(source)) {
    return (source as ArrayLike<unknown>).length;
  }
  if (source instanceof Map || source instanceof Set) return source.size;
  return undefined;
}

/**
 * Iterates `source` (or `0..n-1` for a number) while showing a progress bar
 * (see {@linkcode ProgressBar} for where it shows). The total comes from
 * the count, an array's length, or `options.total`. Call `.set({ loss })` on
 * the returned object to show values next to the bar.
 *
 * @param source An iterable, or a number of steps.
 * @param options Label, total, mode…
 * @returns An iterable (sync and async) over the same items.
 * @throws {RangeError} if a count is negative or not an integer.
 *
 * @example
 * ```ts
 * import { progress } from "./progress.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const steps = progress(3, { label: "train", mode: "silent" });
 * const seen: number[] = [];
 * for await (const step of steps) { seen.push(step); steps.set({ loss: 1 / (step + 1) }); }
 * assertEquals(seen, [0, 1, 2]);
 * assertEquals(steps.bar.done, 3);
 * ```
 */
export function progress<T = number>(
  source: Iterable<T> | number,
  options: ProgressOptions = {},
): Progress<T> {
  if (typeof source === "number") {
    if (!Number.isInteger(source) || source < 0) {
      throw new RangeError(
        `Cannot show progress over ${source} steps: expected a non-negative integer`,
      );
    }
    return new Progress(range(source) as Iterable<T>, {
      total: source,
      ...options,
    });
  }
  return new Progress(source, { total: lengthOf(source), ...options });
}
