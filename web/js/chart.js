// chart.js: day-by-day charts with uPlot, in the theme's colours, as wide as their panel.
import uPlot from 'uplot';
import { cssVar, el } from './dom.js';

const HEIGHT = 220;
const DAY = 86400;
// Line styles beside the colours, so that series stay apart for readers who do not tell the colours apart.
const DASHES = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 2], [12, 6]];

const utc = (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC');

// Charts drawn so far; those no longer on the page (a refresh replaced them) are let go.
const live = new Set();
function releaseDetached() {
  for (const chart of live) {
    if (chart.figure.isConnected) continue;
    chart.observer.disconnect();
    chart.plot.destroy();
    live.delete(chart);
  }
}

// series: [{label, values, color}] over the days (seconds, UTC midnights); bars: one series as bars.
export function dayChart(label, days, series, { bars = false } = {}) {
  const ink = cssVar('--ink');
  const grid = cssVar('--grid');
  const axis = { stroke: ink, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  const options = {
    width: 300,
    height: HEIGHT,
    tzDate: utc,
    cursor: { points: { size: 7 } },
    legend: { live: true },
    scales: {
      // bars need half a day of room at both ends
      x: { time: true, range: (u, min, max) => (bars ? [min - DAY / 2, max + DAY / 2] : [min, max]) },
      y: { range: (u, min, max) => [0, Math.max(max, 1) * 1.05] },
    },
    // ticks on whole days only, labelled "Nov 23"
    axes: [{ ...axis, incrs: [DAY, 2 * DAY, 7 * DAY, 14 * DAY], values: '{MMM} {D}' }, { ...axis, size: 56 }],
    series: [{ label: 'Day (UTC)', value: '{YYYY}-{MM}-{DD}' }, ...series.map((s, i) => ({
      label: s.label,
      stroke: s.color,
      width: bars ? 0 : 2,
      dash: bars ? undefined : DASHES[i % DASHES.length],
      fill: bars ? s.color : undefined,
      paths: bars ? uPlot.paths.bars({ size: [0.7, 48] }) : undefined,
      points: { show: !bars, size: 5 },
    }))],
  };
  releaseDetached();
  const figure = el('figure', { class: 'chart', role: 'img', 'aria-label': label });
  const plot = new uPlot(options, [days, ...series.map((s) => s.values)], figure);
  // uPlot draws at a fixed size: follow the panel's width
  const observer = new ResizeObserver(([entry]) => {
    const width = Math.floor(entry.contentRect.width);
    if (width > 0 && width !== plot.width) plot.setSize({ width, height: HEIGHT });
  });
  observer.observe(figure);
  live.add({ figure, plot, observer });
  return figure;
}

// The colour of series i of a chart (Okabe–Ito's palette, chosen to stay apart under colour-blindness).
export const seriesColor = (i) => cssVar(`--series-${i % 7}`);
