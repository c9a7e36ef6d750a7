// History: the caller's tasks as a thumbnail grid, filtered by status and type, loaded
// page by page as the end of the grid scrolls into view (or with "load more"), with
// retry / cancel / delete, updated live from the socket.
import { h } from '../dom.js';
import { t, tr } from '../i18n.js';
import { api } from '../api.js';
import { socket } from '../socket.js';
import { taskCard } from '../taskview.js';
import { mergeUpdate } from '../taskwatch.js';
import { STATUSES, TERMINAL, select, pageHeader, setErrorText, field, busy } from '../widgets.js';

const PAGE = 24;
const TYPES = ['generate', 'tryon'];
const MAX_PAGES_PER_LOAD = 5; // a type filter is applied here; stop scanning after this many pages

export default function render(root, { query }) {
  const filter = select({ name: 'status', values: STATUSES, labelPrefix: 'status', allKey: 'history.all' });
  filter.value = STATUSES.includes(query.get('status')) ? query.get('status') : '';
  const typeFilter = select({ name: 'task_type', values: TYPES, labelPrefix: 'taskType', allKey: 'history.allTypes' });
  typeFilter.value = TYPES.includes(query.get('type')) ? query.get('type') : '';
  const sentinel = h('div', { class: 'scroll-sentinel', 'aria-hidden': 'true' });
  const summary = h('p', { class: 'muted', role: 'status' });
  const grid = h('div', { class: 'grid-cards history-grid' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const more = h('button', { type: 'button', class: 'btn btn-secondary', i18n: 'history.more', hidden: true });
  const empty = h('div', { class: 'card empty', hidden: true },
    h('p', { class: 'muted', i18n: 'history.empty' }),
    h('a', { class: 'btn btn-primary', href: '#/create', i18n: 'history.createFirst' }));
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

  function showError(err) {
    if (!err) { error.hidden = true; return; }
    setErrorText(error, err);
    error.hidden = false;
  }

  function addCard(task, { prepend = false } = {}) {
    if (cards.has(task.task_id)) return;
    const card = taskCard(task, { onRetry, onCancel, onDelete });
    cards.set(task.task_id, card);
    if (prepend) grid.prepend(card.el); else grid.append(card.el);
    subscribeIfActive(task);
  }

  function updateSummary() {
    if (typeFilter.value) tr(summary, 'history.summaryFiltered', { shown: cards.size });
    else tr(summary, 'history.summary', { shown: cards.size, total });
    more.hidden = offset >= total;
    empty.hidden = cards.size > 0;
  }

  async function load(reset) {
    const mine = ++seq;
    if (reset) {
      offset = 0;
      cards.clear();
      grid.replaceChildren();
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
      if (mine === seq) showError(err);
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
      const card = cards.get(task.task_id);
      if (card) {
        const next = card.el.nextElementSibling || card.el.previousElementSibling;
        card.el.remove();
        cards.delete(task.task_id);
        (next?.querySelector('a, button') || filter).focus();
      }
      total = Math.max(0, total - 1);
      offset = Math.max(0, offset - 1);
      updateSummary();
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

  function onFilter() {
    const params = new URLSearchParams();
    if (filter.value) params.set('status', filter.value);
    if (typeFilter.value) params.set('type', typeFilter.value);
    const qs = params.toString();
    history.replaceState(null, '', qs ? `#/history?${qs}` : '#/history');
    load(true);
  }
  filter.addEventListener('change', onFilter);
  typeFilter.addEventListener('change', onFilter);
  more.addEventListener('click', () => load(false));

  root.append(
    pageHeader('history.title', 'history.lead'),
    h('div', { class: 'toolbar' },
      field({ labelKey: 'history.filter', control: filter, name: 'status' }),
      field({ labelKey: 'history.type', control: typeFilter, name: 'task_type' }),
      summary),
    error, empty, grid, sentinel,
    h('div', { class: 'center' }, more));
  load(true);
  observer.observe(sentinel);

  return () => {
    observer.disconnect();
    offUpdate();
    for (const id of subscribed) socket.unsubscribe(id);
  };
}
