// map.js: a world map with the most frequent attack sources and attacked honeypots of the last 24 hours
// (retrieveLatLonAttacks, direction src and dst), each circle's area proportional to its alerts.
import { geoNaturalEarth1, geoPath } from 'd3-geo';
import { feature, mesh } from 'topojson-client';
import { dataTable, el, formatCount, svg } from './dom.js';
import { DOMAINS } from './state.js';

const TOP = 25;
const WIDTH = 960;
const MAX_RADIUS = 22;
const KINDS = [
  { direction: 'src', cls: 'src', label: 'Attack sources' },
  { direction: 'dst', cls: 'dst', label: 'Attacked honeypots' },
];

// Country shapes (Natural Earth 1:110m from world-atlas), projected once.
let world = null;
function loadWorld() {
  world ??= fetch('vendor/countries-110m.json').then((response) => {
    if (!response.ok) throw new Error(`map shapes: ${response.status}`);
    return response.json();
  }).then((topology) => {
    const sphere = { type: 'Sphere' };
    const projection = geoNaturalEarth1().fitWidth(WIDTH, sphere);
    const path = geoPath(projection);
    return {
      projection,
      height: Math.ceil(path.bounds(sphere)[1][1]),
      sphere: path(sphere),
      land: path(feature(topology, topology.objects.land)),
      borders: path(mesh(topology, topology.objects.countries, (a, b) => a !== b)),
    };
  });
  return world;
}

// The answer's places; lat and lng stay the strings the API sent, for the table.
function places(answer) {
  return answer[0].latLonAttacks;
}

function circles(w, kind, list, maxCount) {
  // largest first, so that smaller circles stay on top and can be hovered
  return [...list].sort((a, b) => b.count - a.count).map((p) => {
    const [x, y] = w.projection([Number(p.lng), Number(p.lat)]);
    const r = Math.max(2, MAX_RADIUS * Math.sqrt(p.count / maxCount));
    return svg('circle', { class: kind.cls, cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1) },
      svg('title', { text: `${kind.label}: ${formatCount(p.count)} alerts at ${p.lat}, ${p.lng}` }));
  });
}

function legendItem(kind, count) {
  return el('li', {},
    svg('svg', { class: 'swatch', viewBox: '0 0 16 16', 'aria-hidden': 'true' },
      svg('circle', { class: kind.cls, cx: 8, cy: 8, r: 6 })),
    `${kind.label} (${count} places)`);
}

export default {
  id: 'map',
  requests: (state) => KINDS.map((k) => ({
    route: 'retrieveLatLonAttacks', params: { direction: k.direction, topx: TOP, ci: state.ci },
  })),
  scope: (state) => `${DOMAINS[state.ci]}, last 24 hours, top ${TOP} places each`,
  async render(body, answers) {
    const w = await loadWorld();
    const lists = answers.map(places);
    const maxCount = Math.max(1, ...lists.flat().map((p) => p.count));
    const label = KINDS.map((k, i) => `${k.label}: ${lists[i].length} places`).join('; ');
    body.replaceChildren(
      svg('svg', { class: 'world', viewBox: `0 0 ${WIDTH} ${w.height}`, role: 'img',
        'aria-label': `World map. ${label}. Circle area is proportional to the alerts; `
          + 'exact numbers in the table below.' },
      svg('path', { class: 'sphere', d: w.sphere }),
      svg('path', { class: 'land', d: w.land }),
      svg('path', { class: 'borders', d: w.borders }),
      ...KINDS.flatMap((k, i) => circles(w, k, lists[i], maxCount))),
      el('ul', { class: 'legend' }, ...KINDS.map((k, i) => legendItem(k, lists[i].length)),
        el('li', { text: 'area ∝ alerts' })),
      dataTable('Places by alerts, last 24 hours', ['Kind', 'Latitude', 'Longitude', 'Alerts'],
        KINDS.flatMap((k, i) => lists[i].map((p) => [k.label, p.lat, p.lng, p.count]))));
  },
};
