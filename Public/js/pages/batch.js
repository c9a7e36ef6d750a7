// Batch: one prompt per line (max 100) sent as a Batch API job; its status is polled
// every 5 s and its tasks fill a gallery in prompt order as results arrive. Recent batches
// are read from the server (the user's tasks grouped by batch), so every device sees them.
import { h } from '../dom.js';
import { t, tr, formatNumber, setDate } from '../i18n.js';
import { api } from '../api.js';
import { socket } from '../socket.js';
import { taskCard } from '../taskview.js';
import { mergeUpdate } from '../taskwatch.js';
import { downloadZip } from '../zipexport.js';
import {
  ASPECT_RATIOS, RESOLUTIONS, field, select, formError, showFormError, clearFormErrors,
  busy, pageHeader, setStatus, setErrorText, button, submitOnCtrlEnter,
} from '../widgets.js';

const MAX_PROMPTS = 100;
const POLL_MS = 5000;
const RECENT_SCAN_PAGES = 3;
const RECENT_MAX = 10;
const DONE_STATES = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED', 'EXPIRED']);
const STATE_BADGE = {
  PENDING: 'queued', RUNNING: 'running', SUCCEEDED: 'succeeded', FAILED: 'failed', EXPIRED: 'failed', CANCELLED: 'canceled',
};

/**
 * The user's recent batches, newest first: [{batch_id, created_at, total, failed, succeeded}].
 * No route lists batches, so they are gathered from the task list (economy tasks ride in pooled
 * batches that are nobody's own, and are left out).
 */
async function recentBatches() {
  const found = new Map();
  for (let page = 0; page < RECENT_SCAN_PAGES && found.size < RECENT_MAX; page += 1) {
    const answer = await api.tasks({ limit: 100, offset: page * 100 });
    for (const task of answer.tasks || []) {
      if (!task.batch_id || task.priority === 'economy') continue;
      const entry = found.get(task.batch_id) || { batch_id: task.batch_id, created_at: task.created_at, total: 0, failed: 0, succeeded: 0 };
      entry.total += 1;
      if (task.status === 'failed') entry.failed += 1;
      if (task.status === 'succeeded') entry.succeeded += 1;
      found.set(task.batch_id, entry);
    }
    if ((page + 1) * 100 >= (answer.total || 0)) break;
  }
  return [...found.values()].slice(0, RECENT_MAX);
}
function promptsOf(text) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean);
}

export default function render(root, { params }) {
  const prompts = h('textarea', { name: 'prompts', rows: '10', i18nAttrs: { placeholder: 'batch.placeholder' } });
  const count = h('p', { class: 'field-hint counter', 'aria-live': 'polite' });
  const updateCount = () => {
    const n = promptsOf(prompts.value).length;
    tr(count, 'batch.count', { n, max: MAX_PROMPTS });
    count.classList.toggle('over', n > MAX_PROMPTS);
  };
  prompts.addEventListener('input', updateCount);
  updateCount();
  const ratio = select({ name: 'aspect_ratio', values: ASPECT_RATIOS, value: '1:1' });
  const resolution = select({ name: 'resolution', values: RESOLUTIONS, value: '1K' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', i18n: 'batch.submit' });
  const promptField = field({ labelKey: 'batch.prompts', control: prompts, name: 'prompts', hintKey: 'batch.hint' });
  promptField.insertBefore(count, promptField.querySelector('.field-error'));
  const form = h('form', { class: 'card stack batch-form', novalidate: true }, promptField,
    h('div', { class: 'row' },
      field({ labelKey: 'form.aspectRatio', control: ratio, name: 'aspect_ratio' }),
      field({ labelKey: 'form.resolution', control: resolution, name: 'resolution' })),
    formError(), h('div', { class: 'form-actions' }, submit));
  submitOnCtrlEnter(form);

  const recentList = h('ul', { class: 'recent-list', role: 'list' });
  const recentBox = h('section', { class: 'card stack', 'aria-labelledby': 'batch-recent-title', hidden: true },
    h('h2', { id: 'batch-recent-title', i18n: 'batch.recent' }), recentList);
  async function renderRecent() {
    let list;
    try { list = await recentBatches(); } catch { return; } // the page works without the list
    recentBox.hidden = !list.length;
    recentList.replaceChildren(...list.map((b) => h('li', { dataset: { batchId: b.batch_id } },
      h('a', { href: `#/batch/${encodeURIComponent(b.batch_id)}`, i18n: 'batch.recentItem', i18nArgs: { n: b.total } }),
      ' ', setDate(h('time', { class: 'muted' }), b.created_at), ' ',
      h('span', { class: 'muted small', i18n: 'batch.recentCounts', i18nArgs: { done: b.succeeded, failed: b.failed } }))));
  }
  renderRecent();

  const panelBox = h('div', { class: 'stack' });
  let stopPanel = () => {};

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(form);
    const list = promptsOf(prompts.value);
    if (!list.length) { showFormError(form, { field: 'prompts', key: 'batch.empty' }); return; }
    if (list.length > MAX_PROMPTS) { showFormError(form, { field: 'prompts', key: 'batch.tooMany', args: { max: MAX_PROMPTS } }); return; }
    busy(submit, true);
    try {
      const answer = await api.batch({ prompts: list, aspect_ratio: ratio.value, resolution: resolution.value });
      renderRecent();
      prompts.value = '';
      updateCount();
      history.replaceState(null, '', `#/batch/${encodeURIComponent(answer.batch_id)}`);
      openBatch(answer.batch_id);
    } catch (err) {
      showFormError(form, err);
    } finally {
      busy(submit, false);
    }
  });

  function openBatch(batchId) {
    stopPanel();
    const view = batchPanel(batchId, (next) => {
      renderRecent();
      history.replaceState(null, '', `#/batch/${encodeURIComponent(next)}`);
      openBatch(next);
    });
    panelBox.replaceChildren(view.el);
    stopPanel = view.stop;
  }

  root.append(pageHeader('batch.title', 'batch.lead'),
    h('div', { class: 'layout-two' }, h('div', { class: 'stack' }, form, recentBox), panelBox));
  if (params.id) openBatch(params.id);
  return () => stopPanel();
}

/** A batch's state and gallery; onResubmitted(newBatchId) after "Retry failed" made a new batch. */
function batchPanel(batchId, onResubmitted) {
  const badge = h('span', { class: 'badge' });
  const counts = h('p', { class: 'batch-counts' });
  const money = h('p', { class: 'muted', hidden: true });
  const bar = h('progress', { class: 'progress', max: '100', value: '0', i18nAttrs: { 'aria-label': 'task.progress' } });
  const error = h('p', { class: 'task-error', role: 'alert', hidden: true });
  const gallery = h('div', { class: 'grid-cards batch-gallery', 'aria-live': 'polite' });
  const cancel = button({ key: 'batch.cancel', kind: 'danger', small: true, on: onCancel });
  const retryFailed = button({ key: 'batch.retryFailed', small: true, on: onRetryFailed });
  const zip = button({ key: 'batch.downloadZip', kind: 'primary', small: true, on: onZip });
  zip.hidden = true;
  const el = h('section', { class: 'stack batch-panel', 'aria-labelledby': 'batch-panel-title' },
    h('div', { class: 'card stack' },
      h('div', { class: 'card-row' }, h('h2', { id: 'batch-panel-title', i18n: 'batch.status' }), badge),
      h('p', { class: 'muted mono', text: batchId }), counts, bar, money, error, h('div', { class: 'card-actions' }, zip, retryFailed, cancel)),
    gallery);
  const cards = new Map();
  let timer = null;
  let stopped = false;
  let total = 0;
  let order = []; // task ids in prompt order (status.task_ids)

  async function onCancel() {
    if (!window.confirm(t('batch.cancelConfirm'))) return;
    try { await api.batchCancel(batchId); poll(); } catch (err) { setErrorText(error, err); error.hidden = false; }
  }

  async function onZip() {
    error.hidden = true;
    try { await downloadZip({ batch_id: batchId }, zip); } catch (err) { setErrorText(error, err); error.hidden = false; }
  }

  /** The failed prompts again, as a new batch with the same settings. */
  async function onRetryFailed() {
    const failed = [...cards.values()].map((c) => c.task).filter((tk) => tk.status === 'failed');
    if (!failed.length) return;
    busy(retryFailed, true);
    try {
      const { aspect_ratio: ratio, resolution, model } = failed[0];
      const answer = await api.batch({ prompts: failed.map((tk) => tk.prompt), aspect_ratio: ratio, resolution, model });
      onResubmitted(answer.batch_id);
    } catch (err) {
      setErrorText(error, err);
      error.hidden = false;
      busy(retryFailed, false);
    }
  }

  function showStatus(s) {
    const state = String(s.state || s.status || '').toUpperCase();
    // The provider calls a batch SUCCEEDED when it ran, even if some of its prompts failed.
    const partial = state === 'SUCCEEDED' && s.failed_count > 0;
    setStatus(badge, partial ? 'partial' : STATE_BADGE[state] || 'queued');
    tr(badge, partial ? 'batchState.PARTIAL' : `batchState.${STATE_BADGE[state] ? state : 'PENDING'}`);
    retryFailed.hidden = !(DONE_STATES.has(state) && s.failed_count > 0);
    zip.hidden = !(DONE_STATES.has(state) && s.completed_count > 0);
    order = (s.task_ids || []).map((id) => String(id).toLowerCase());
    total = s.task_count || total;
    const done = (s.completed_count || 0) + (s.failed_count || 0);
    tr(counts, 'batch.counts', { done: s.completed_count || 0, failed: s.failed_count || 0, total });
    bar.value = total ? Math.round((done / total) * 100) : 0;
    money.hidden = s.cost_usd == null;
    if (!money.hidden) {
      const usd = (n) => formatNumber(n || 0, { style: 'currency', currency: 'USD', maximumFractionDigits: 3 });
      const real = s.provider_cost_usd ? { key: 'batch.costWithProvider', provider: formatNumber(s.provider_cost_usd, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 }) } : { key: 'batch.cost' };
      tr(money, real.key, { cost: usd(s.cost_usd), saved: usd(s.saved_usd), provider: real.provider });
    }
    error.hidden = !s.error;
    if (s.error) error.textContent = typeof s.error === 'string' ? s.error : (s.error.message || s.error.code || '');
    cancel.hidden = DONE_STATES.has(state);
    return DONE_STATES.has(state);
  }

  function upsert(task) {
    const card = cards.get(task.task_id);
    if (card) { card.update(mergeUpdate(card.task, task)); return; }
    const created = taskCard(task);
    cards.set(task.task_id, created);
    gallery.append(created.el);
  }

  async function loadTasks() {
    let offset = 0;
    for (let page = 0; page < 5; page += 1) {
      const answer = await api.tasks({ limit: 100, offset });
      const list = answer.tasks || [];
      list.filter((tk) => String(tk.batch_id).toLowerCase() === batchId.toLowerCase()).forEach(upsert);
      offset += list.length;
      if (!list.length || offset >= (answer.total || 0) || (total && cards.size >= total)) break;
    }
    const rank = (id) => { const i = order.indexOf(String(id).toLowerCase()); return i < 0 ? order.length : i; };
    gallery.append(...[...cards.entries()].sort(([a], [b]) => rank(a) - rank(b)).map(([, card]) => card.el));
  }

  async function poll() {
    clearTimeout(timer);
    if (stopped) return;
    let finished = false;
    try {
      finished = showStatus(await api.batchStatus(batchId));
      await loadTasks();
    } catch (err) {
      setErrorText(error, err);
      error.hidden = false;
      if (err.status === 404) finished = true;
    }
    if (!finished && !stopped) timer = setTimeout(poll, POLL_MS);
  }

  const off = socket.on('task_update', (msg) => { if (cards.has(msg.task_id)) upsert(msg); });
  poll();
  return { el, stop() { stopped = true; clearTimeout(timer); off(); } };
}
