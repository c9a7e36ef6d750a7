// The star of a task card: a toggle button (aria-pressed) that stars or unstars the task at
// once and asks the server afterwards, going back to the previous state if the server refuses.
import { h } from './dom.js';
import { api } from './api.js';

const path = (id) => `/images/tasks/${encodeURIComponent(id)}/favourite`;

/** starButton(task, {onError}) → <button>; onError(err) runs after a refused change was undone. */
export function starButton(task, { onError }) {
  const el = h('button', {
    type: 'button', class: 'btn btn-ghost btn-sm star',
    i18nAttrs: { 'aria-label': 'history.star', title: 'history.star' },
  });
  let pending = false;
  const show = (on) => {
    el.setAttribute('aria-pressed', String(on));
    el.textContent = on ? '★' : '☆';
  };
  show(Boolean(task.favourite));

  el.addEventListener('click', async () => {
    if (pending) return; // one request at a time, so the answers cannot arrive out of order
    const was = el.getAttribute('aria-pressed') === 'true';
    show(!was);
    pending = true;
    try {
      const answer = await (was ? api.del(path(task.task_id)) : api.put(path(task.task_id)));
      show(Boolean(answer?.favourite ?? !was));
    } catch (err) {
      show(was);
      onError(err);
    } finally {
      pending = false;
    }
  });
  return el;
}
