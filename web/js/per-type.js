// per-type.js: alerts per UTC day and honeypot type over the chart window (datasetAlertTypesPerMonth).
// The chart shows the six busiest types and the rest as one line; the table lists every type.
import { dayChart, seriesColor } from './chart.js';
import { dataTable, placeholder, utcSeconds } from './dom.js';
import { DOMAINS } from './state.js';

const SHOWN = 6;

export default {
  id: 'per-type',
  requests: (state) => [{ route: 'datasetAlertTypesPerMonth', params: { days: state.days, ci: state.ci } }],
  scope: (state) => `${DOMAINS[state.ci]}, last ${state.days} days and today (UTC)`,
  render(body, [answer]) {
    // the answer's outer key is datasetAlertsPerMonth, as in the original PEBA
    const entries = Object.entries(answer[0].datasetAlertsPerMonth);
    if (entries.length === 0) return body.replaceChildren(placeholder()); // no alert index at all
    const totals = new Map();
    for (const [, perType] of entries) {
      for (const [type, n] of Object.entries(perType)) totals.set(type, (totals.get(type) ?? 0) + n);
    }
    const types = [...totals.keys()].sort((a, b) => totals.get(b) - totals.get(a) || (a < b ? -1 : 1));
    const shown = types.slice(0, SHOWN);
    const rest = types.slice(SHOWN);
    const series = shown.map((type, i) => ({
      label: type, color: seriesColor(i), values: entries.map(([, perType]) => perType[type] ?? 0),
    }));
    if (rest.length > 0) {
      series.push({
        label: `${rest.length} other types`,
        color: seriesColor(SHOWN),
        values: entries.map(([, perType]) => rest.reduce((sum, type) => sum + (perType[type] ?? 0), 0)),
      });
    }
    const label = `Line chart of alerts per day and honeypot type, ${types.length} types; busiest: `
      + `${shown.slice(0, 3).join(', ') || 'none'}.`;
    body.replaceChildren(
      dayChart(label, entries.map(([stamp]) => utcSeconds(stamp)), series),
      dataTable('Alerts per day and honeypot type (UTC)', ['Day', ...types],
        entries.map(([stamp, perType]) => [stamp.slice(0, 10), ...types.map((type) => perType[type] ?? 0)])));
  },
};
