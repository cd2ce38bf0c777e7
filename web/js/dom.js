// dom.js: building elements and formatting numbers and times for the panels. Text from the API only ever
// becomes text nodes (alerts carry attacker-chosen strings).

const SVG_NS = 'http://www.w3.org/2000/svg';

function build(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

// el('td', {class: 'num', text: 'text'}, child...): an HTML element with attributes (`text` sets its text);
// string children become text nodes.
export function el(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

export function svg(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

const counts = new Intl.NumberFormat();
export const formatCount = (n) => counts.format(n);

// "10:02:03" in the reader's time zone, for notices about the page itself.
export function clockTime(date) {
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

// "2026-11-30 00:00:00" (UTC, as the API writes dates) to seconds since the epoch.
export function utcSeconds(stamp) {
  return Date.parse(`${stamp.replace(' ', 'T')}Z`) / 1000;
}

// peba HTML-escapes the ticker's requests for the pages that insert them as markup; this page inserts text.
const parser = new DOMParser();
export function unescapeHtml(text) {
  return parser.parseFromString(text, 'text/html').documentElement.textContent;
}

// A <details> with the numbers of a chart or map as a table, for screen readers and for reading exact values.
// rows: arrays whose first cell heads the row; numbers are right-aligned and formatted.
export function dataTable(caption, head, rows) {
  const cell = (value, i) => {
    if (i === 0) return el('th', { scope: 'row', text: value });
    if (typeof value === 'number') return el('td', { class: 'num', text: formatCount(value) });
    return el('td', { text: value });
  };
  return el('details', { class: 'numbers' },
    el('summary', { text: 'Numbers' }),
    el('div', { class: 'table-scroll' },
      el('table', {},
        el('caption', { text: caption }),
        el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: h })))),
        el('tbody', {}, ...rows.map((row) => el('tr', {}, ...row.map(cell)))))));
}

// What a panel shows instead of an empty list or chart.
export const placeholder = (text = 'No alerts in this window.') => el('p', { class: 'placeholder', text });

// The value of a CSS custom property on :root (colours of the canvas charts follow the light or dark theme).
export function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
