// Follows tasks live: socket updates when connected, polling when not.
import { api } from './api.js';
import { socket } from './socket.js';
import { TERMINAL } from './widgets.js';

const POLL_MS = 5000;
const ORDER = { queued: 0, running: 1, succeeded: 2, failed: 2, canceled: 2 };

/** Merges a task_update message (or a fetched task) into a task object. */
export function mergeUpdate(task, update) {
  const next = { ...task };
  // Status only moves forward; an older replayed event must not undo a newer state.
  if (update.status && (ORDER[update.status] ?? 0) >= (ORDER[task.status] ?? 0)) {
    next.status = update.status;
  }
  for (const key of ['result', 'error', 'finished_at', 'started_at', 'progress']) {
    if (update[key] !== undefined && update[key] !== null) next[key] = update[key];
  }
  if (update.task_id) next.task_id = update.task_id;
  return next;
}

/**
 * watchTask(task, onUpdate) → stop(). `task` needs task_id (and whatever else is
 * known); onUpdate gets the merged task on every change until a terminal state.
 */
export function watchTask(task, onUpdate) {
  let current = { ...task };
  let stopped = false;
  let timer = null;
  const id = task.task_id;

  function deliver(update) {
    if (stopped) return;
    current = mergeUpdate(current, update);
    onUpdate(current);
    if (!TERMINAL.has(current.status)) return;
    const missingImages = current.status === 'succeeded' && !current.result?.images?.length;
    stop();
    if (missingImages) {
      // The update carried no result; read the task once to get its images.
      api.task(id).then((full) => onUpdate(mergeUpdate(current, full))).catch(() => {});
    }
  }

  async function poll() {
    timer = null;
    if (stopped) return;
    if (!socket.connected) {
      try { deliver(await api.task(id)); } catch (err) {
        if (err.status === 404) { stop(); return; }
      }
    }
    if (!stopped) timer = setTimeout(poll, POLL_MS);
  }

  const offUpdate = socket.on('task_update', (msg) => { if (msg.task_id === id) deliver(msg); });
  socket.subscribe(id);
  timer = setTimeout(poll, socket.connected ? POLL_MS : 0);

  function stop() {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    offUpdate();
    socket.unsubscribe(id);
  }
  if (TERMINAL.has(current.status)) stop();
  return stop;
}

/** Keeps a set of watchers, stopped together when a page is left. */
export function watcherSet() {
  const stops = new Map();
  return {
    watch(task, onUpdate) {
      if (stops.has(task.task_id)) return;
      if (TERMINAL.has(task.status)) return;
      stops.set(task.task_id, watchTask(task, (t) => {
        onUpdate(t);
        if (TERMINAL.has(t.status)) stops.delete(t.task_id);
      }));
    },
    stop(id) { stops.get(id)?.(); stops.delete(id); },
    stopAll() { for (const s of stops.values()) s(); stops.clear(); },
  };
}
