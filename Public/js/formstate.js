// What the Create and Try-on forms hold, kept for the session: leaving the page and coming
// back finds the inputs and the tasks they started. Files live in memory only (they cannot be
// stored); text, choices and tasks also go to sessionStorage so that a reload keeps them.
import { api } from './api.js';

const memory = new Map();
const MAX_TASKS = 20;
const storageKey = (page) => `vton.form.${page}`;

/** → {values: {name: value}, files: {picker: File[]}, tasks: [task summary, newest first]} */
export function loadForm(page) {
  if (memory.has(page)) return memory.get(page);
  let stored = null;
  try { stored = JSON.parse(sessionStorage.getItem(storageKey(page))); } catch { /* unreadable: start empty */ }
  return { values: stored?.values || {}, files: {}, tasks: stored?.tasks || [] };
}

export function saveForm(page, state) {
  const kept = { ...state, tasks: state.tasks.slice(0, MAX_TASKS) };
  memory.set(page, kept);
  // Object URLs (a try-on's "before") die with the page's document: not stored.
  const tasks = kept.tasks.map(({ before, ...task }) => task);
  try {
    sessionStorage.setItem(storageKey(page), JSON.stringify({ values: kept.values, tasks }));
  } catch { /* storage full or blocked: memory still holds it */ }
}

/** Remix: the form opens with these inputs instead of its own (its tasks stay). */
export function remixInto(page, values) {
  saveForm(page, { ...loadForm(page), values, files: {} });
}

/**
 * Follows one of a form's tasks: show(task) gets every update and the kept copy follows it.
 * A task kept from an earlier visit (`kept`) is read again first, for its current state and
 * freshly signed image URLs; one deleted meanwhile is dropped and gone() removes its view.
 */
export function followTask({ page, state, task, watchers, show, kept = false, gone }) {
  const update = (next) => {
    show(next);
    const i = state.tasks.findIndex((tk) => tk.task_id === next.task_id);
    if (i >= 0) { state.tasks[i] = { ...next, before: task.before }; saveForm(page, state); }
  };
  if (!kept) { watchers.watch(task, update); return; }
  api.task(task.task_id).then((fresh) => { update(fresh); watchers.watch(fresh, update); }).catch((err) => {
    if (err.status !== 404) return;
    state.tasks = state.tasks.filter((tk) => tk.task_id !== task.task_id);
    saveForm(page, state);
    gone();
  });
}
