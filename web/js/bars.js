// bars.js: a ranked list with a bar per entry, for the top-N panels. Plain HTML, so it reads as a list.
import { el, formatCount, placeholder } from './dom.js';

// items: [{label, note?, value}], largest first.
export function barList(name, items) {
  if (items.length === 0) return placeholder();
  const max = Math.max(1, ...items.map((item) => item.value));
  return el('ol', { class: 'bars', 'aria-label': name }, ...items.map((item) => {
    const bar = el('span', { class: 'bar', 'aria-hidden': 'true' });
    bar.style.setProperty('--share', `${((100 * item.value) / max).toFixed(1)}%`);
    return el('li', {},
      el('span', { class: 'bar-label' },
        item.label, item.note ? el('span', { class: 'bar-note', text: item.note }) : null),
      el('span', { class: 'bar-value', text: formatCount(item.value) }),
      bar);
  }));
}
