// state.js: what the controls select (data domain and chart window), kept in the address (?ci=0&days=30)
// so that a view can be bookmarked.

// peba's ci parameter: 1 community, 0 private, -1 both (docs/api.md).
export const DOMAINS = Object.freeze({ 1: 'community data', 0: 'private data', '-1': 'community and private data' });
const WINDOWS = ['7', '30'];

export function readState() {
  const query = new URLSearchParams(location.search);
  const ci = query.get('ci');
  const days = query.get('days');
  return { ci: ci in DOMAINS ? ci : '1', days: WINDOWS.includes(days) ? days : '7' };
}

export function writeState(state) {
  const url = new URL(location.href);
  url.searchParams.set('ci', state.ci);
  url.searchParams.set('days', state.days);
  history.replaceState(null, '', url);
}

// tops knows windows of 1, 7 and 28 days: the chart window's 30 becomes its 28.
export const topsDays = (days) => (days === '30' ? '28' : days);
