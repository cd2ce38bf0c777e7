// tops.js: the top URLs and destination ports over the chart window (tops). tops has no ci parameter:
// it always counts community and private alerts together, and the panels say so.
import { barList } from './bars.js';
import { topsDays } from './state.js';

const TOP = 10;

function topsPanel(id, type, name) {
  return {
    id,
    requests: (state) => [{ route: 'tops', params: { type, days: topsDays(state.days), topx: TOP } }],
    scope: (state) => 'community and private data together (the domain switch does not apply), '
      + `last ${topsDays(state.days)} days`,
    render(body, [answer]) {
      const items = Object.entries(answer).map(([key, series]) => ({ label: key, value: series.total }));
      items.sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : 1));
      body.replaceChildren(barList(name, items));
    },
  };
}

export const urls = topsPanel('urls', 'urls', 'Top URLs');
export const ports = topsPanel('ports', 'destports', 'Top destination ports');
