/**
 * Plots for the labs on plotly.js, offline: {@linkcode Figure} (lines,
 * scatters, heatmaps, subplots, log axes, equal aspect, sliders),
 * {@linkcode lineChart}, and the loaders that put plotly.js into a notebook
 * ({@linkcode initPlotly}) or an exported page ({@linkcode injectPlotlyIntoHtml}).
 *
 * @example
 * ```ts
 * import { Figure } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const fig = new Figure({ title: "y = x²" }).line([0, 1, 2], [0, 1, 4]);
 * assertEquals(fig.toJSON().data.length, 1);
 * ```
 *
 * @module
 */
export * from "./figure.ts";
export * from "./line_chart.ts";
export * from "./plotly_loader.ts";
export * from "./to_plot_array.ts";
export * from "./explorer.ts";
