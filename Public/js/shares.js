// Share links (README): a task's owner makes a link anyone may open until it expires or is
// revoked (POST/GET/DELETE …/tasks/{id}/shares); the link opens #/shared/<token>.
import { h } from './dom.js';
import { tr, setDate } from './i18n.js';
import { api } from './api.js';
import { button, select, field, setErrorText } from './widgets.js';

const DAY = 86400;
const LIFETIMES = [String(DAY), String(7 * DAY), String(30 * DAY)];

/** The task page's card: {el, show(task)}; hidden until the task has images to share. */
export function shareCard(taskId) {
  const lifetime = select({ name: 'expires_in_seconds', values: LIFETIMES, value: String(7 * DAY), labelPrefix: 'share.lifetime' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const list = h('ul', { class: 'share-list' });
  const create = button({ key: 'share.create', on: onCreate });
  const el = h('section', { class: 'card stack share-card', 'aria-labelledby': 'share-title', hidden: true },
    h('h2', { id: 'share-title', i18n: 'share.title' }),
    h('p', { class: 'muted small', i18n: 'share.lead' }),
    h('div', { class: 'row' }, field({ labelKey: 'share.expiresIn', control: lifetime, name: 'expires_in_seconds' })),
    h('div', { class: 'form-actions' }, create), error, list);
  const path = `/images/tasks/${encodeURIComponent(taskId)}/shares`;

  function showError(err) { if (err) setErrorText(error, err); error.hidden = !err; }

  function item(link) {
    const url = new URL(link.url, location.origin).href;
    const input = h('input', { type: 'text', readonly: true, value: url, class: 'mono share-url', i18nAttrs: { 'aria-label': 'share.link' } });
    const copy = button({
      key: 'account.copy', small: true,
      on: async () => { try { await navigator.clipboard.writeText(url); tr(copy, 'account.copied'); } catch { input.select(); } },
    });
    const revoke = button({ key: 'share.revoke', kind: 'danger', small: true, on: () => onRevoke(link) });
    const active = link.state === 'active';
    return h('li', { class: 'share-item', dataset: { state: link.state, shareId: link.share_id } },
      active ? [input, copy] : h('span', { class: 'mono small muted', text: url }),
      h('span', { class: `chip share-state-${link.state}`, i18n: `share.state.${link.state}` }),
      h('span', { class: 'muted small' }, h('span', { i18n: active ? 'share.expires' : 'share.ended' }), ' ',
        setDate(h('time'), link.revoked_at || link.expires_at)),
      active ? revoke : null);
  }

  async function load() {
    try {
      const answer = await api.get(path);
      list.replaceChildren(...(answer.shares || []).map(item));
    } catch (err) { showError(err); }
  }

  async function onCreate() {
    showError(null);
    try {
      await api.post(path, { expires_in_seconds: Number(lifetime.value) });
      await load();
    } catch (err) { showError(err); }
  }

  async function onRevoke(link) {
    showError(null);
    try {
      await api.del(`${path}/${encodeURIComponent(link.share_id)}`);
      await load();
    } catch (err) { showError(err); }
  }

  return {
    el,
    show(task) {
      const shareable = task.status === 'succeeded' && task.result?.images?.length && !task.result.expired;
      if (!shareable || !el.hidden) return;
      el.hidden = false;
      load();
    },
  };
}
