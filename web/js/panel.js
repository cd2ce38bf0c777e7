// panel.js: one panel of the dashboard. It fetches the requests its spec asks for, draws the answers, fetches
// again when they expire, and when a fetch fails keeps what it shows with a quiet "stale since" notice.
//
// A spec (counters.js, map.js, ...) is an object with
//   requests(state)          [{route, params}] for the page state {ci, days}
//   scope(state, data)       a line saying what the shown answers cover ("community data, last 7 days")
//   render(body, data)       draws the answers (in request order) into the panel's body; may be async
import { ApiError, TTL, getJson } from './api.js';
import { clockTime } from './dom.js';

const MIN_REFRESH_S = 5;
const RETRY_S = 15;

export class Panel {
  constructor(spec) {
    this.spec = spec;
    this.section = document.getElementById(spec.id);
    this.body = this.section.querySelector('.panel-body');
    this.scope = this.section.querySelector('.panel-scope');
    this.notice = this.section.querySelector('.panel-notice');
    this.shown = null; // {data, state, at}: what the panel shows
    this.key = '';
    this.seq = 0;
    this.timer = 0;
    this.due = false;
    this.setStatus('loading');
  }

  // Called at start and whenever the page state changes; fetches at once when this panel's requests changed.
  setState(state) {
    const requests = this.spec.requests(state);
    const key = JSON.stringify(requests);
    if (key === this.key) return;
    this.key = key;
    this.state = state;
    this.requests = requests;
    this.refresh();
  }

  async refresh() {
    clearTimeout(this.timer);
    this.due = false;
    // A later refresh (the state changed meanwhile) wins; an earlier one that ends late is dropped.
    const seq = ++this.seq;
    const { requests, state } = this;
    this.section.setAttribute('aria-busy', 'true');
    try {
      const answers = await Promise.all(requests.map((r) => getJson(r.route, r.params)));
      if (seq !== this.seq) return;
      this.shown = { data: answers.map((a) => a.data), state, at: new Date() };
      await this.draw();
      this.setStatus('fresh');
      this.schedule(Math.min(...answers.map((a) => a.maxAge)));
    } catch (err) {
      if (seq !== this.seq) return;
      this.failed(err);
      this.schedule(Math.min(RETRY_S, ...requests.map((r) => TTL[r.route])));
    } finally {
      if (seq === this.seq) this.section.removeAttribute('aria-busy');
    }
  }

  // Draws what the panel shows again (the colour scheme changed).
  async draw() {
    if (!this.shown) return;
    const { data, state } = this.shown;
    this.scope.textContent = this.spec.scope(state, data);
    await this.spec.render(this.body, data);
  }

  failed(err) {
    if (!(err instanceof ApiError)) console.error(`${this.spec.id}:`, err); // a bug of the page, shown as such
    const why = err instanceof Error ? err.message : String(err);
    if (this.shown) {
      this.setStatus('stale', `Stale since ${clockTime(this.shown.at)}: the update failed (${why}); retrying.`);
    } else {
      this.body.replaceChildren();
      this.setStatus('failed', `No data yet: the request failed (${why}); retrying.`);
    }
    this.notice.title = err?.detail ?? '';
  }

  setStatus(status, notice = '') {
    this.section.dataset.status = status;
    this.notice.textContent = notice;
    this.notice.hidden = !notice;
    this.notice.title = '';
  }

  // The next refresh in `seconds`; a hidden page catches up when it is shown again.
  schedule(seconds) {
    this.timer = setTimeout(() => {
      if (document.hidden) this.due = true;
      else this.refresh();
    }, Math.max(MIN_REFRESH_S, seconds) * 1000);
  }

  catchUp() {
    if (this.due) this.refresh();
  }
}
