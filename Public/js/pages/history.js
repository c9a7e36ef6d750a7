// History: the caller's tasks as a thumbnail grid, searched by prompt words and filtered by
// star, status and type, loaded page by page as the end of the grid scrolls into view (or with
// "load more"), with a star, retry / cancel / delete and a selection mode on the cards, updated
// live from the socket.
import { h } from '../dom.js';
import { t, tr } from '../i18n.js';
import { api } from '../api.js';
import { socket } from '../socket.js';
import { taskCard } from '../taskview.js';
import { mergeUpdate } from '../taskwatch.js';
import { STATUSES, TERMINAL, select, pageHeader, setErrorText, field, busy, showFormError } from '../widgets.js';
import { starButton } from '../star.js';
import { selectionTools } from './history-selection.js';

const PAGE = 24;
const TYPES = ['generate', 'tryon'];
const MAX_PAGES_PER_LOAD = 5; // a type filter is applied here; stop scanning after this many pages
const SEARCH_DELAY_MS = 300; // a pause in typing, so that each word is not a request

export default function render(root, { query }) {
  const filter = select({ name: 'status', values: STATUSES, labelPrefix: 'status', allKey: 'history.all' });
  filter.value = STATUSES.includes(query.get('status')) ? query.get('status') : '';
  const typeFilter = select({ name: 'task_type', values: TYPES, labelPrefix: 'taskType', allKey: 'history.allTypes' });
  typeFilter.value = TYPES.includes(query.get('type')) ? query.get('type') : '';
  const search = h('input', {
    type: 'search', name: 'q', maxlength: '200', autocomplete: 'off', enterkeyhint: 'search',
    i18nAttrs: { placeholder: 'history.searchPlaceholder' },
  });
  search.value = query.get('q') || '';
  const starred = h('input', { type: 'checkbox', name: 'favourite', checked: query.get('starred') === '1' });
  // From a try-on's page: its person's try-ons only, until "Show all".
  const person = query.get('person') || '';
  const personBar = person ? h('p', { class: 'filter-note' }, h('span', { i18n: 'record.historyPerson' }), ' ',
    h('a', { href: '#/history', i18n: 'record.showAll' })) : null;
  const sentinel = h('div', { class: 'scroll-sentinel', 'aria-hidden': 'true' });
  const summary = h('p', { class: 'muted', role: 'status' });
  const grid = h('div', { class: 'grid-cards history-grid' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const more = h('button', { type: 'button', class: 'btn btn-secondary', i18n: 'history.more', hidden: true });
  const emptyText = h('p', { class: 'muted', i18n: 'history.empty' });
  const createFirst = h('a', { class: 'btn btn-primary', href: '#/create', i18n: 'history.createFirst' });
  const empty = h('div', { class: 'card empty', hidden: true }, emptyText, createFirst);
  const tools = selectionTools({ grid, onDeleted: removeCard, showError });
  const cards = new Map();
  const subscribed = new Set();
  let offset = 0;
  let total = 0;
  let seq = 0;
  let loading = false;
  const matchesType = (task) => !typeFilter.value || (task.task_type || 'generate') === typeFilter.value;

  function subscribeIfActive(task) {
    if (!TERMINAL.has(task.status) && !subscribed.has(task.task_id)) {
      subscribed.add(task.task_id);
      socket.subscribe(task.task_id);
    } else if (TERMINAL.has(task.status) && subscribed.has(task.task_id)) {
      subscribed.delete(task.task_id);
      socket.unsubscribe(task.task_id);
    }
  }

  /** The error, after an optional translated lead ({key, args}: "2 of 3 could not be deleted:"). */
  function showError(err, lead) {
    if (!err) { error.hidden = true; return; }
    if (lead) {
      const detail = h('span');
      setErrorText(detail, err);
      delete error.dataset.i18n;
      error.replaceChildren(h('span', { i18n: lead.key, i18nArgs: lead.args }), ' ', detail);
    } else {
      setErrorText(error, err);
    }
    error.hidden = false;
  }

  function addCard(task, { prepend = false } = {}) {
    if (cards.has(task.task_id)) return;
    const card = taskCard(task, { onRetry, onCancel, onDelete });
    cards.set(task.task_id, card);
    card.el.querySelector('.thumb-wrap').append(starButton(task, { onError: showError }));
    tools.attach(card);
    if (prepend) grid.prepend(card.el); else grid.append(card.el);
    subscribeIfActive(task);
  }

  function removeCard(id) {
    const card = cards.get(id);
    if (card) {
      card.el.remove();
      cards.delete(id);
      tools.detach(id);
    }
    total = Math.max(0, total - 1);
    offset = Math.max(0, offset - 1);
    updateSummary();
  }

  /** What an empty grid says: nothing matches, nothing is starred, or there is nothing yet. */
  function showEmpty() {
    const narrowed = search.value.trim() || filter.value || typeFilter.value || person;
    tr(emptyText, narrowed ? 'history.noMatch' : starred.checked ? 'history.noStarred' : 'history.empty');
    createFirst.hidden = Boolean(narrowed || starred.checked);
    empty.hidden = cards.size > 0;
  }

  function updateSummary() {
    if (typeFilter.value) tr(summary, 'history.summaryFiltered', { shown: cards.size });
    else tr(summary, 'history.summary', { shown: cards.size, total });
    more.hidden = offset >= total;
    showEmpty();
  }

  async function load(reset) {
    const mine = ++seq;
    if (reset) {
      offset = 0;
      cards.clear();
      grid.replaceChildren();
      tools.reset();
      empty.hidden = true;
      for (const id of subscribed) socket.unsubscribe(id);
      subscribed.clear();
    }
    loading = true;
    busy(more, true, 'common.loading');
    showError(null);
    try {
      let added = 0;
      for (let page = 0; page < MAX_PAGES_PER_LOAD && added < PAGE / 2; page += 1) {
        const answer = await api.tasks({
          limit: PAGE, offset, status: filter.value || undefined, task_type: typeFilter.value || undefined,
          q: search.value.trim() || undefined, favourite: starred.checked ? 'true' : undefined, person: person || undefined,
        });
        if (mine !== seq) return;
        total = answer.total ?? 0;
        const list = answer.tasks || [];
        offset += list.length;
        if (list.length < PAGE) offset = Math.max(offset, total);
        const shown = list.filter(matchesType);
        shown.forEach((task) => addCard(task));
        added += shown.length;
        if (!typeFilter.value || offset >= total) break;
      }
      updateSummary();
    } catch (err) {
      // A search the server refuses (too many words) is explained under the search box.
      if (mine === seq) { if (err.field === 'q') showFormError(toolbar, err); else showError(err); }
    } finally {
      if (mine === seq) { loading = false; busy(more, false); }
    }
    // The observer reports changes only: a sentinel that stayed near the viewport while this
    // page was added (a tall window, a narrow filter, a fast scroll) would never be reported
    // again and the scroll would stall. Observed anew, it is reported where it is now.
    if (mine === seq && offset < total) {
      observer.unobserve(sentinel);
      observer.observe(sentinel);
    }
  }

  // Infinite scroll: the next page loads when the end of the grid comes near the viewport.
  const MARGIN_PX = 600;
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting) && !loading && offset < total) load(false);
  }, { rootMargin: `${MARGIN_PX}px 0px` });

  async function onRetry(task) {
    showError(null);
    try {
      const answer = await api.retry(task.task_id);
      if ((!filter.value || filter.value === (answer.status || 'queued')) && matchesType(task)) {
        addCard({ ...task, ...answer, status: answer.status || 'queued', result: null, error: null,
          created_at: answer.created_at || new Date().toISOString() }, { prepend: true });
        total += 1;
        updateSummary();
      }
    } catch (err) { showError(err); }
  }

  async function onCancel(task) {
    showError(null);
    try {
      const answer = await api.cancel(task.task_id);
      const card = cards.get(task.task_id);
      if (card) card.update(mergeUpdate(card.task, answer && answer.status ? answer : { status: 'canceled' }));
    } catch (err) { showError(err); }
  }

  async function onDelete(task) {
    if (!window.confirm(t('history.deleteConfirm'))) return;
    showError(null);
    try {
      await api.remove(task.task_id);
      const el = cards.get(task.task_id)?.el;
      const next = el && (el.nextElementSibling || el.previousElementSibling);
      removeCard(task.task_id);
      if (el) (next?.querySelector('a, button') || filter).focus();
    } catch (err) { showError(err); }
  }

  const offUpdate = socket.on('task_update', (msg) => {
    const card = cards.get(msg.task_id);
    if (!card) return;
    const next = mergeUpdate(card.task, msg);
    card.update(next);
    subscribeIfActive(next);
  });
  // After a reconnect the server replays missed events; nothing else to do here.

  /**
   * The filters go into the URL's query, so that a reload or a shared link shows the same list.
   * The first search of a visit adds a history entry, so Back returns to the list before it;
   * the keystrokes after it replace that entry rather than each adding one.
   */
  let searchPushed = false;
  function syncUrl({ push = false } = {}) {
    const params = new URLSearchParams();
    if (search.value.trim()) params.set('q', search.value.trim());
    if (starred.checked) params.set('starred', '1');
    if (filter.value) params.set('status', filter.value);
    if (typeFilter.value) params.set('type', typeFilter.value);
    if (person) params.set('person', person);
    const qs = params.toString();
    const url = qs ? `#/history?${qs}` : '#/history';
    if (url === location.hash) return;
    if (push) history.pushState(null, '', url); else history.replaceState(null, '', url);
  }

  function onFilter() {
    syncUrl();
    load(true);
  }

  let searched = search.value.trim();
  let searchTimer = null;
  function runSearch() {
    clearTimeout(searchTimer);
    if (search.value.trim() === searched) return;
    searched = search.value.trim();
    syncUrl({ push: !searchPushed });
    searchPushed = true;
    load(true);
  }
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, SEARCH_DELAY_MS);
  });
  search.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') runSearch();
    if (ev.key === 'Escape' && search.value) {
      ev.preventDefault();
      search.value = '';
      runSearch();
    }
  });
  filter.addEventListener('change', onFilter);
  typeFilter.addEventListener('change', onFilter);
  starred.addEventListener('change', onFilter);
  more.addEventListener('click', () => load(false));

  const toolbar = h('div', { class: 'toolbar' },
    field({ labelKey: 'history.search', control: search, name: 'q' }),
    field({ labelKey: 'history.filter', control: filter, name: 'status' }),
    field({ labelKey: 'history.type', control: typeFilter, name: 'task_type' }),
    h('label', { class: 'check' }, starred, h('span', { i18n: 'history.starredOnly' })),
    tools.toggle,
    summary);
  root.append(
    pageHeader('history.title', 'history.lead'),
    toolbar, ...(personBar ? [personBar] : []), tools.bar,
    error, empty, grid, sentinel,
    h('div', { class: 'center' }, more));
  load(true);
  observer.observe(sentinel);

  return () => {
    observer.disconnect();
    clearTimeout(searchTimer);
    offUpdate();
    for (const id of subscribed) socket.unsubscribe(id);
  };
}
