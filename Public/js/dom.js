// DOM building helpers. User data only ever enters the page as text nodes or
// attribute values, never as HTML.
import { t } from './i18n.js';

/**
 * h('button', {class: 'btn', i18n: 'nav.create', on: {click: fn}}, child, ...)
 * Props: class, text, i18n (key), i18nArgs, i18nAttrs ({attr: key}), on, dataset,
 * hidden/disabled/value/checked (properties); anything else becomes an attribute.
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    switch (key) {
      case 'class': el.className = value; break;
      case 'text': el.textContent = String(value); break;
      case 'i18n': el.dataset.i18n = value; break;
      case 'i18nArgs': el.dataset.i18nArgs = JSON.stringify(value); break;
      case 'i18nAttrs':
        el.dataset.i18nAttr = Object.entries(value).map(([a, k]) => `${a}:${k}`).join(';');
        for (const [a, k] of Object.entries(value)) el.setAttribute(a, t(k));
        break;
      case 'on':
        for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
        break;
      case 'dataset': Object.assign(el.dataset, value); break;
      case 'hidden': case 'disabled': case 'value': case 'checked':
      case 'multiple': case 'required': case 'selected':
        el[key] = value; break;
      default: el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  if (props && props.i18n) el.textContent = t(props.i18n, props.i18nArgs);
  append(el, children);
  return el;
}

/** Appends strings (as text), nodes and nested arrays; skips null/false. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Removes every child of el. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Unique ids for label/control pairs. */
let counter = 0;
export function uid(prefix = 'id') {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Short text for a long prompt (cards, titles). */
export function excerpt(text, max = 120) {
  const s = String(text ?? '').replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * Scrolls el into view below the sticky site header, which would otherwise cover its top
 * (scroll-margin-top is read by scrollIntoView; the header's height changes as it wraps).
 */
export function reveal(el) {
  const header = document.getElementById('site-header');
  el.style.scrollMarginTop = `${(header ? header.offsetHeight : 0) + 12}px`;
  el.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
}
