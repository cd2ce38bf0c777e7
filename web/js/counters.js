// counters.js: alerts received in the last minute, hour and 24 hours (retrieveAlertsCount).
import { el, formatCount } from './dom.js';
import { DOMAINS } from './state.js';

const WINDOWS = [
  { minutes: 1, label: 'Last minute' },
  { minutes: 60, label: 'Last hour' },
  { minutes: 1440, label: 'Last 24 hours' },
];

export default {
  id: 'counters',
  requests: (state) => WINDOWS.map((w) => ({
    route: 'retrieveAlertsCount', params: { time: w.minutes, out: 'json', ci: state.ci },
  })),
  scope: (state) => DOMAINS[state.ci],
  render(body, answers) {
    body.replaceChildren(el('dl', { class: 'counters' }, ...WINDOWS.map((w, i) => el('div', {},
      el('dt', { text: w.label }),
      el('dd', { 'data-minutes': w.minutes, text: formatCount(answers[i].AlertCount) })))));
  },
};
