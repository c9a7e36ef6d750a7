// History: the caller's tasks as a thumbnail grid, filtered by status, paged with
// "load more", with retry / cancel / delete, updated live from the socket.
import { h } from '../dom.js';
import { t, tr } from '../i18n.js';
import { api } from '../api.js';
import { socket } from '../socket.js';
import { taskCard } from '../taskview.js';
import { mergeUpdate } from '../taskwatch.js';
import { STATUSES, TERMINAL, select, pageHeader, setErrorText, field, busy } from '../widgets.js';

const PAGE = 24;

export default function render(root, { query }) {
  const filter = select({ name: 'status', values: STATUSES, labelPrefix: 'status', allKey: 'history.all' });
  filter.value = STATUSES.includes(query.get('status')) ? query.get('status') : '';
  const summary = h('p', { class: 'muted', role: 'status' });
  const grid = h('div', { class: 'grid-cards' });
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
    tr(summary, 'history.summary', { shown: cards.size, total });
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
    busy(more, true, 'common.loading');
    showError(null);
    try {
      const answer = await api.tasks({ limit: PAGE, offset, status: filter.value || undefined });
      if (mine !== seq) return;
      total = answer.total ?? 0;
      const list = answer.tasks || [];
      offset += list.length;
      if (list.length < PAGE) offset = Math.max(offset, total);
      list.forEach((task) => addCard(task));
      updateSummary();
    } catch (err) {
      if (mine === seq) showError(err);
    } finally {
      busy(more, false);
    }
  }

  async function onRetry(task) {
    showError(null);
    try {
      const answer = await api.retry(task.task_id);
      if (!filter.value || filter.value === (answer.status || 'queued')) {
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

  filter.addEventListener('change', () => {
    history.replaceState(null, '', filter.value ? `#/history?status=${filter.value}` : '#/history');
    load(true);
  });
  more.addEventListener('click', () => load(false));

  root.append(
    pageHeader('history.title', 'history.lead'),
    h('div', { class: 'toolbar' }, field({ labelKey: 'history.filter', control: filter, name: 'status' }), summary),
    error, empty, grid,
    h('div', { class: 'center' }, more));
  load(true);

  return () => {
    offUpdate();
    for (const id of subscribed) socket.unsubscribe(id);
  };
}
