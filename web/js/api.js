// api.js: GET requests to peba's public API on the page's own origin, and how long each answer stays fresh.

// The routes' cache TTLs in seconds as documented (docs/configuration.md, [cache_ttl]): how often a panel
// refreshes when an answer carries no Cache-Control max-age.
export const TTL = Object.freeze({
  retrieveAlertsCount: 60,
  retrieveAlertsJson: 25,
  retrieveLatLonAttacks: 60,
  datasetAlertsPerMonth: 600,
  datasetAlertTypesPerMonth: 3600,
  topCountriesAttacks: 60,
  tops: 7200,
});

// The page lives at <site>/dashboard/, the API at <site>/alert/: relative, so a site may mount both under a prefix.
const API_BASE = new URL('../alert/', document.baseURI);
// nginx gives up on the workers after 15 s; this only ends requests that hang beyond that.
const TIMEOUT_MS = 30000;

// A failed request: the server's or the network's fault, not the page's. message is short ("503 Service
// Unavailable"); detail is the server's reason, when it gave one.
export class ApiError extends Error {
  constructor(message, detail = '') {
    super(message);
    this.detail = detail;
  }
}

export function apiUrl(route, params) {
  const url = new URL(route, API_BASE);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url;
}

// Seconds an answer stays fresh: Cache-Control max-age less Age, or null without max-age.
function freshFor(headers) {
  const match = /(?:^|,)\s*max-age\s*=\s*(\d+)/i.exec(headers.get('Cache-Control') ?? '');
  if (!match) return null;
  return Math.max(0, Number(match[1]) - (Number(headers.get('Age')) || 0));
}

// An error answer as an ApiError: its status, and peba's reason (JSON {"error": ...} or a text line; not
// nginx's HTML error pages).
async function failure(response) {
  const text = (await response.text()).trim();
  let detail = '';
  try {
    detail = JSON.parse(text).error ?? '';
  } catch {
    if (!text.startsWith('<')) detail = text.split('\n')[0];
  }
  return new ApiError(`${response.status} ${response.statusText}`.trim(), detail);
}

// GET route?params as JSON; resolves to {data, maxAge} (seconds), rejects with an ApiError saying why.
export async function getJson(route, params) {
  let response;
  try {
    response = await fetch(apiUrl(route, params), {
      headers: { Accept: 'application/json' },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new ApiError(err.name === 'TimeoutError' ? 'no answer' : 'server unreachable');
  }
  if (!response.ok) throw await failure(response);
  return { data: await response.json(), maxAge: freshFor(response.headers) ?? TTL[route] };
}
