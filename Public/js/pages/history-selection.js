// History's selection mode: a checkbox on every card, "select all on this page", the count, and
// the actions on the chosen tasks (one ZIP of their images, or deleting them).
import { h, excerpt } from '../dom.js';
import { t, tr } from '../i18n.js';
import { api } from '../api.js';
import { button, busy } from '../widgets.js';
import { taskTitle } from '../taskview.js';
import { downloadZip } from '../zipexport.js';

const MAX_EXPORT = 500; // the server's limit on task_ids

/**
 * selectionTools({grid, onDeleted(id), showError(err, lead)}) → {toggle, bar, attach(card),
 * detach(id), reset()}: `toggle` enters and leaves the mode, `bar` holds the count and actions.
 */
export function selectionTools({ grid, onDeleted, showError }) {
  const boxes = new Map(); // task id → its checkbox
  const selected = new Set();
  let active = false;

  const toggle = h('button', { type: 'button', class: 'btn btn-secondary', 'aria-pressed': 'false', i18n: 'history.select' });
  const count = h('p', { class: 'muted', role: 'status' });
  const all = button({ key: 'history.selectAll', small: true, on: onSelectAll });
  const zip = button({ key: 'history.downloadZip', kind: 'primary', small: true, on: onZip });
  const del = button({ key: 'history.deleteSelected', kind: 'danger', small: true, on: onDelete });
  const bar = h('div', { class: 'card-row selection-bar', role: 'group', hidden: true, i18nAttrs: { 'aria-label': 'history.selection' } },
    count, h('div', { class: 'card-actions' }, all, zip, del));

  /** Selected ids in the order the cards are shown (the ZIP keeps that order). */
  const chosen = () => [...grid.querySelectorAll('.task-card')].map((el) => el.dataset.taskId).filter((id) => selected.has(id));

  function refresh() {
    tr(count, 'history.selected', { n: selected.size });
    const everything = boxes.size > 0 && selected.size === boxes.size;
    tr(all, everything ? 'history.selectNone' : 'history.selectAll');
    // A busy button stays disabled: cards leave the grid one by one while a delete runs.
    for (const action of [zip, del]) action.disabled = action.getAttribute('aria-busy') === 'true' || selected.size === 0;
  }

  function setActive(on) {
    active = on;
    toggle.setAttribute('aria-pressed', String(on));
    bar.hidden = !on;
    for (const box of boxes.values()) box.parentElement.hidden = !on;
    if (!on) setAll(false);
    refresh();
  }

  function setAll(on) {
    for (const [id, box] of boxes) {
      box.checked = on;
      if (on) selected.add(id); else selected.delete(id);
    }
  }

  function onSelectAll() {
    setAll(!(boxes.size > 0 && selected.size === boxes.size));
    refresh();
  }

  async function onZip() {
    const ids = chosen();
    if (ids.length > MAX_EXPORT) { showError({ key: 'history.tooManyToExport', args: { max: MAX_EXPORT } }); return; }
    showError(null);
    try { await downloadZip({ task_ids: ids }, zip); } catch (err) { showError(err); }
    refresh(); // the selection may have changed while the button was busy
  }

  async function onDelete() {
    const ids = chosen();
    if (!ids.length || !window.confirm(t('history.deleteSelectedConfirm', { n: ids.length }))) return;
    showError(null);
    busy(del, true);
    // One at a time: the server has no bulk delete, and a failure must not stop the others.
    const failures = [];
    for (const id of ids) {
      try {
        await api.remove(id);
        onDeleted(id);
      } catch (err) {
        failures.push(err);
      }
    }
    busy(del, false);
    refresh();
    if (failures.length) showError(failures[0], { key: 'history.deleteFailed', args: { n: failures.length, total: ids.length } });
  }

  toggle.addEventListener('click', () => setActive(!active));
  refresh();

  return {
    toggle,
    bar,
    /** Adds the checkbox to a new card (hidden unless the mode is on). */
    attach(card) {
      const id = card.task.task_id;
      const box = h('input', { type: 'checkbox' });
      box.addEventListener('change', () => {
        if (box.checked) selected.add(id); else selected.delete(id);
        refresh();
      });
      const label = h('label', { class: 'check card-select', hidden: !active }, box,
        h('span', { class: 'visually-hidden', i18n: 'history.selectTask', i18nArgs: { title: excerpt(taskTitle(card.task), 60) } }));
      card.el.querySelector('.card-row').prepend(label);
      boxes.set(id, box);
      refresh();
    },
    /** Forgets a card that left the grid. */
    detach(id) {
      boxes.delete(id);
      selected.delete(id);
      refresh();
    },
    /** Forgets every card (the list is loaded anew); the mode stays as it is. */
    reset() {
      boxes.clear();
      selected.clear();
      refresh();
    },
  };
}
