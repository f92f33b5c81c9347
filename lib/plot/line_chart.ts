/**
 * `lineChart`: one call from a series (or named series) to a figure.
 *
 * @module
 */
import { Figure, type FigureOptions } from "./figure.ts";
import { isTensorLike, type PlotValues } from "./to_plot_array.ts";

/**
 * A figure with one line per series, each plotted against its index
 * (e.g. losses per step). Named series get a legend entry.
 *
 * @param series One series, or an object of named series.
 * @param options Figure options (title, axes, size…).
 * @returns The figure (add more traces to it, or show it).
 *
 * @example
 * ```ts
 * import { lineChart } from "./line_chart.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const fig = lineChart({ train: [3, 2, 1], test: [4, 3, 3] }, {
 *   title: "Loss", yaxis: { type: "log" },
 * });
 * assertEquals(fig.toJSON().data.map((t) => t.name), ["train", "test"]);
 * ```
 */
export function lineChart(
  series: PlotValues | Record<string, PlotValues>,
  options: FigureOptions = {},
): Figure {
  const fig = new Figure(options);
  if (
    Array.isArray(series) || ArrayBuffer.isView(series) || isTensorLike(series)
  ) {
    fig.line(series as PlotValues);
  } else {
    for (const [name, ys] of Object.entries(series)) {
      fig.line(ys, { name });
    }
  }
  return fig;
}
