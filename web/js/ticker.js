// ticker.js: the newest alerts (retrieveAlertsJson: 35 of them, without attacker addresses).
import { el, placeholder, unescapeHtml } from './dom.js';
import { DOMAINS } from './state.js';

function country(code, name) {
  return code ? el('abbr', { title: name || null, text: code }) : '–';
}

// "10:17:42" for today's alerts (UTC), "2026-11-29 23:59:01" for older ones.
function when(stamp) {
  const today = new Date().toISOString().slice(0, 10);
  return el('time', { class: 't-time', datetime: `${stamp.replace(' ', 'T')}Z`,
    text: stamp.startsWith(today) ? stamp.slice(11) : stamp });
}

function alertItem(a) {
  const request = unescapeHtml(a.requestString ?? '');
  return el('li', {},
    when(a.dateCreated),
    el('span', { class: 't-type', text: a.analyzerType }),
    el('span', { class: 't-route' },
      el('span', { class: 't-from' }, country(a.country, a.countryName)),
      ' → ',
      el('span', { class: 't-to' }, country(a.targetCountry))),
    el('span', { class: 't-request', text: request }));
}

export default {
  id: 'ticker',
  requests: (state) => [{ route: 'retrieveAlertsJson', params: { ci: state.ci } }],
  scope: (state, [data]) => {
    const newest = data.alerts[0]?.dateCreated;
    return `${DOMAINS[state.ci]}${newest ? `, newest ${newest} UTC` : ''}`;
  },
  render(body, [data]) {
    if (data.alerts.length === 0) return body.replaceChildren(placeholder());
    // scrollable by keyboard: focusable, with a name
    body.replaceChildren(el('ol', { class: 'ticker', tabindex: 0, 'aria-label': 'Latest alerts, newest first' },
      ...data.alerts.map(alertItem)));
  },
};
