// main.js: starts the panels and wires the controls (data domain, chart window) and the colour scheme to them.
import counters from './counters.js';
import countries from './countries.js';
import map from './map.js';
import { Panel } from './panel.js';
import perDay from './per-day.js';
import perType from './per-type.js';
import { readState, writeState } from './state.js';
import ticker from './ticker.js';
import { ports, urls } from './tops.js';

const panels = [counters, map, ticker, perDay, perType, countries, urls, ports].map((spec) => new Panel(spec));
const form = document.getElementById('controls');
const state = readState();

for (const [name, value] of Object.entries(state)) form.elements[name].value = value;

function apply() {
  writeState(state);
  for (const panel of panels) panel.setState({ ...state });
}

form.addEventListener('change', (event) => {
  state[event.target.name] = event.target.value;
  apply();
});
form.addEventListener('submit', (event) => event.preventDefault());

// canvas charts take their colours when drawn
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
  for (const panel of panels) panel.draw();
});
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) for (const panel of panels) panel.catchUp();
});

apply();
