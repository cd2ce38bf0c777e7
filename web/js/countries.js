// countries.js: the top attacking and attacked countries of the current month (topCountriesAttacks).
import { barList } from './bars.js';
import { el } from './dom.js';
import { DOMAINS } from './state.js';

const TOP = 10;

function ranked(name, list) {
  return el('div', {}, el('h3', { text: name }),
    barList(name, list.map((c) => ({ label: c.country || c.code, note: c.code, value: c.count }))));
}

export default {
  id: 'countries',
  requests: (state) => [{ route: 'topCountriesAttacks', params: { topx: TOP, ci: state.ci } }],
  scope: (state, [answer]) => `${DOMAINS[state.ci]}, this month (${answer[0].date}, UTC)`,
  render(body, [answer]) {
    body.replaceChildren(el('div', { class: 'pair' },
      ranked('Attacking', answer[0].attacksPerCountry),
      ranked('Attacked', answer[0].attacksToTargetCountry)));
  },
};
