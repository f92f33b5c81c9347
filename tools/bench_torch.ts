/**
 * `deno task bench-torch`: our lab 4 and `scale_*` benchmarks side by side
 * with PyTorch 1.13 (CPU, one thread) doing the same work
 * (`tools/torch_bench/torch_timings.py`, run with Debian's
 * `/usr/bin/python3`). The two alternate, `--rounds` times (default 2), and
 * each job keeps its best time: the machine is shared. Prints one JSON line
 * per job and side, `{"bench", "seconds"}`, then a Markdown table with the
 * ratio torch ÷ ours (above 1: we are faster).
 *
 * Needs `python3-torch` (`apt-get install python3-torch`); nothing else of
 * the project does.
 *
 * @module
 */
import { parseArgs } from "@std/cli/parse-args";
import { benchLines } from "./bench.ts";

/** Our job, PyTorch's job for the same work, and what the pair compares. */
export const PAIRS: [string, string, string][] = [
  ["lab04_rnn1", "seed_lab04_rnn1", "lab 4 1-layer RNN vs the seed's code"],
  ["lab04_rnn2", "seed_lab04_rnn2", "lab 4 2-layer RNN vs the seed's code"],
  ["lab04_lstm1", "torch_lab04_lstm1", "lab 4 LSTM vs fused nn.LSTM"],
  ["lab04_lstm1", "seed_lab04_lstm1_loop", "lab 4 LSTM vs a Python-loop LSTM"],
  ["scale_lstm_h32_t10", "torch_scale_lstm_h32_t10", "nn.LSTM, float32"],
  ["scale_lstm_h128_t10", "torch_scale_lstm_h128_t10", "nn.LSTM, float32"],
  ["scale_lstm_h256_t10", "torch_scale_lstm_h256_t10", "nn.LSTM, float32"],
  ["scale_lstm_h32_t200", "torch_scale_lstm_h32_t200", "nn.LSTM, float32"],
  ["scale_gru_h128_t10", "torch_scale_gru_h128_t10", "nn.GRU, float32"],
];

/**
 * The comparison table from the best times of both sides.
 *
 * @example
 * ```ts
 * import { comparisonTable } from "./bench_torch.ts";
 * import { assert } from "@std/assert";
 *
 * const best = new Map([["lab04_rnn1", 2], ["seed_lab04_rnn1", 10]]);
 * assert(comparisonTable(best).includes("| lab04_rnn1 | 2.00 | seed_lab04_rnn1 | 10.00 | 5.0× |"));
 * ```
 */
export function comparisonTable(best: Map<string, number>): string {
  const rows = [
    "| ours | s | PyTorch 1.13, 1 thread | s | torch ÷ ours | what |",
    "|---|---|---|---|---|---|",
  ];
  for (const [ours, theirs, what] of PAIRS) {
    const a = best.get(ours), b = best.get(theirs);
    if (a === undefined || b === undefined) continue;
    rows.push(
      `| ${ours} | ${a.toFixed(2)} | ${theirs} | ${b.toFixed(2)} | ${
        (b / a).toFixed(1)
      }× | ${what} |`,
    );
  }
  return rows.join("\n");
}

async function ours(): Promise<{ bench: string; seconds: number }[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "bench",
      "--json",
      "--allow-read",
      "tests/bench/lab04_bench.ts",
      "tests/bench/scale_bench.ts",
    ],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const start = text.lastIndexOf('{\n  "version"');
  if (!out.success || start < 0) throw new Error("deno bench failed");
  return benchLines(text.slice(start)).lines.map((l) => JSON.parse(l));
}

async function torch(): Promise<{ bench: string; seconds: number }[]> {
  const names = [...new Set(PAIRS.map(([, t]) => t))];
  const out = await new Deno.Command("/usr/bin/python3", {
    args: ["tools/torch_bench/torch_timings.py", ...names],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (!out.success) {
    throw new Error(
      "PyTorch's side failed: install python3-torch (apt-get install python3-torch)",
    );
  }
  return new TextDecoder().decode(out.stdout).trim().split("\n").map((l) =>
    JSON.parse(l)
  );
}

if (import.meta.main) {
  const args = parseArgs(Deno.args, { string: ["rounds"] });
  const rounds = Number(args.rounds ?? 2);
  const best = new Map<string, number>();
  for (let r = 1; r <= rounds; r++) {
    for (const side of [ours, torch]) {
      for (const { bench, seconds } of await side()) {
        console.log(JSON.stringify({ bench, seconds, round: r }));
        best.set(bench, Math.min(best.get(bench) ?? Infinity, seconds));
      }
    }
  }
  console.log(`\n${comparisonTable(best)}`);
}
