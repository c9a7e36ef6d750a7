// Webhooks (README, API): the caller's signing secret, made or replaced and shown once
// (POST /api/v1/webhooks/secret), and a task's delivery log (GET …/tasks/{id}/webhooks).
import { h } from './dom.js';
import { t, tr } from './i18n.js';
import { api } from './api.js';
import { button, setErrorText } from './widgets.js';
import { dataTable, when } from './tables.js';

/** The account page's card: create or rotate the secret; the new one is shown this once. */
export function webhookSecretCard() {
  const shown = h('div', { class: 'notice notice-success stack', role: 'status', hidden: true });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const rotate = button({ key: 'webhooks.rotate', on: onRotate });
  async function onRotate() {
    if (!window.confirm(t('webhooks.rotateConfirm'))) return;
    error.hidden = true;
    try {
      const answer = await api.post('/webhooks/secret');
      const secret = answer?.secret ?? '';
      const copy = button({
        key: 'account.copy', small: true,
        on: async () => { try { await navigator.clipboard.writeText(secret); tr(copy, 'account.copied'); } catch { /* select by hand */ } },
      });
      shown.replaceChildren(h('p', { i18n: 'webhooks.once' }), h('code', { class: 'mono secret', text: secret }), h('div', {}, copy));
      shown.hidden = false;
    } catch (err) { setErrorText(error, err); error.hidden = false; }
  }
  return h('section', { class: 'card stack account-webhooks', 'aria-labelledby': 'account-webhooks-title' },
    h('h2', { id: 'account-webhooks-title', i18n: 'webhooks.title' }),
    h('p', { class: 'muted', i18n: 'webhooks.lead' }), shown, error,
    h('div', { class: 'form-actions' }, rotate));
}

/** The task page's card, filled only when the task asked for a webhook. */
export function webhookLogCard(taskId) {
  const body = h('div', { class: 'stack' });
  const el = h('section', { class: 'card stack task-webhooks', 'aria-labelledby': 'task-webhooks-title', hidden: true },
    h('h2', { id: 'task-webhooks-title', i18n: 'webhooks.log' }), body);
  async function load() {
    let answer;
    try { answer = await api.get(`/images/tasks/${encodeURIComponent(taskId)}/webhooks`); } catch { return; }
    if (!answer?.webhook_url) return;
    el.hidden = false;
    const attempts = (answer.deliveries || []).flatMap((d) => (d.log || []).map((a) => ({ ...a, event: d.event })));
    body.replaceChildren(
      h('p', { class: 'mono small', text: answer.webhook_url }),
      ...(answer.deliveries || []).map((d) => h('p', {},
        h('span', { class: 'chip', text: d.event }), ' ',
        h('span', { i18n: `webhooks.status.${d.status}` }),
        d.next_attempt_at ? h('span', { class: 'muted small' }, ' ', t('webhooks.next'), ' ', when(d.next_attempt_at)) : '')),
      dataTable({
        rows: attempts,
        emptyKey: 'webhooks.none',
        columns: [
          { key: 'webhooks.attempt', className: 'num', cell: (a) => String(a.attempt) },
          { key: 'account.when', cell: (a) => when(a.started_at) },
          { key: 'webhooks.answer', cell: (a) => (a.status_code ? `HTTP ${a.status_code}` : a.error || '—') },
          { key: 'webhooks.duration', className: 'num', cell: (a) => `${a.duration_ms} ms` },
        ],
      }));
  }
  return { el, load };
}
