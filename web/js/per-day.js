// per-day.js: alerts per UTC day over the chart window (datasetAlertsPerMonth).
import { dayChart, seriesColor } from './chart.js';
import { dataTable, formatCount, placeholder, utcSeconds } from './dom.js';
import { DOMAINS } from './state.js';

export default {
  id: 'per-day',
  requests: (state) => [{ route: 'datasetAlertsPerMonth', params: { days: state.days, ci: state.ci } }],
  scope: (state) => `${DOMAINS[state.ci]}, last ${state.days} days and today (UTC)`,
  render(body, [answer]) {
    const entries = Object.entries(answer[0].datasetAlertsPerMonth);
    if (entries.length === 0) return body.replaceChildren(placeholder()); // no alert index at all
    const days = entries.map(([stamp]) => utcSeconds(stamp));
    const values = entries.map(([, n]) => n);
    const total = values.reduce((a, b) => a + b, 0);
    const first = entries[0]?.[0].slice(0, 10);
    const last = entries.at(-1)?.[0].slice(0, 10);
    const label = `Bar chart of alerts per day from ${first} to ${last}: `
      + `${formatCount(total)} in all, at most ${formatCount(Math.max(0, ...values))} a day.`;
    body.replaceChildren(
      dayChart(label, days, [{ label: 'Alerts', values, color: seriesColor(0) }], { bars: true }),
      dataTable('Alerts per day (UTC)', ['Day', 'Alerts'], entries.map(([stamp, n]) => [stamp.slice(0, 10), n])));
  },
};
