// Tables and paging for the account and admin pages, and tolerant reading of list
// answers: the seed's admin shape {data,total,page,page_size} and plain arrays alike.
import { h } from './dom.js';
import { tr, setDate } from './i18n.js';
import { button } from './widgets.js';

/** The items of a list answer, whatever key the server put them under. */
export function listOf(answer, ...keys) {
  if (Array.isArray(answer)) return answer;
  if (!answer || typeof answer !== 'object') return [];
  for (const key of [...keys, 'data', 'items', 'results', 'list']) {
    if (Array.isArray(answer[key])) return answer[key];
  }
  return [];
}

/** The total of a list answer (falls back to the items' count). */
export function totalOf(answer, items) {
  const n = Number(answer?.total ?? answer?.count);
  return Number.isFinite(n) ? n : items.length;
}

/**
 * dataTable({columns: [{key: 'i18n key', cell: (row) => node|string, className}], rows, emptyKey})
 * A real <table> with translated headers; wide tables scroll inside their card.
 */
export function dataTable({ columns, rows, emptyKey = 'common.none', captionKey }) {
  if (!rows.length) return h('p', { class: 'muted', i18n: emptyKey });
  const table = h('table', { class: 'table' },
    captionKey ? h('caption', { class: 'visually-hidden', i18n: captionKey }) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', i18n: c.key })))),
    h('tbody', {}, rows.map((row) => h('tr', {}, columns.map((c) => {
      const value = c.cell(row);
      return h('td', { class: c.className || null }, value === undefined || value === null || value === '' ? '—' : value);
    })))));
  return h('div', { class: 'table-wrap', tabindex: '0' }, table);
}

/** A <time> for an ISO date, re-formatted when the language changes. */
export function when(iso) {
  return iso ? setDate(h('time'), iso) : '—';
}

/** Previous / next paging: {el, set(page, pageSize, total)}; onPage(page) is called to move. */
export function pager(onPage) {
  const label = h('span', { class: 'muted', 'aria-live': 'polite' });
  let page = 1;
  const prev = button({ key: 'common.prev', small: true, on: () => onPage(page - 1) });
  const next = button({ key: 'common.next', small: true, on: () => onPage(page + 1) });
  const el = h('div', { class: 'pager', hidden: true }, prev, label, next);
  return {
    el,
    set(current, pageSize, total) {
      page = current;
      const pages = Math.max(1, Math.ceil(total / pageSize));
      tr(label, 'common.pageOf', { page: current, pages, total });
      prev.disabled = current <= 1;
      next.disabled = current >= pages;
      el.hidden = total <= pageSize && current === 1;
    },
  };
}

/** True when an error means "this server has no such route yet" (the accounts API lands later). */
export function isMissingRoute(err) {
  return err && (err.status === 404 || err.status === 405 || err.status === 501);
}
