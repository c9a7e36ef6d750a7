// Rendering of tasks: a result panel (full images, downloads, progress, errors)
// and a compact gallery card with actions. Both update in place.
import { h, excerpt } from './dom.js';
import { t, tr, has, setDate } from './i18n.js';
import { statusBadge, setStatus, button, TERMINAL } from './widgets.js';

/** The prompt a try-on is sent with when the user typed none (the server requires one). */
export const TRYON_DEFAULT_PROMPT = 'Virtual try-on';

const EXT = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'image/gif': 'gif' };

export function images(task) {
  return Array.isArray(task?.result?.images) ? task.result.images.filter((i) => i && i.url) : [];
}

/** A try-on's person photo among the task's inputs (a pushed update carries none). */
export function personInput(task) {
  return (task?.inputs || []).find((input) => input.role === 'person') || null;
}

/** The first words of the prompt (any script) as a file-name part: `a-red-bicycle-leaning`. */
function promptSlug(task) {
  const words = String(task.prompt || '').toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
  const slug = words.slice(0, 6).join('-').slice(0, 48).replace(/-+$/, '');
  return slug || (task.tryon_category ? `tryon-${task.tryon_category}` : 'image');
}

/**
 * `vton-2026-12-06-a-red-bicycle-<full task id>-1.jpg`: date, prompt words and the whole id, so
 * that no two results share a name (ids are time-ordered: their first characters repeat).
 */
export function downloadName(task, image, index) {
  const ext = EXT[image.mime_type] || 'png';
  const date = String(task.finished_at || task.created_at || '').slice(0, 10);
  return ['vton', date, promptSlug(task), String(task.task_id), String(index + 1)].filter(Boolean).join('-') + `.${ext}`;
}

export function downloadLink(task, image, index) {
  return h('a', {
    class: 'btn btn-secondary btn-sm', href: image.url, download: downloadName(task, image, index),
    i18n: 'task.download',
  });
}

/** Text for a task error: the translated code, the server's message only when there is none. */
export function errorText(error) {
  if (!error) return '';
  return error.code && has(`errors.${error.code}`) ? t(`errors.${error.code}`) : (error.message || error.code || '');
}

function showTaskError(el, task) {
  const error = task.status === 'failed' ? task.error : null;
  el.hidden = !error;
  if (error?.code && has(`errors.${error.code}`)) tr(el, `errors.${error.code}`);
  else { delete el.dataset.i18n; el.textContent = errorText(error); }
  el.title = error?.message || '';
}

function progressBar() {
  return h('progress', { max: '100', class: 'progress', i18nAttrs: { 'aria-label': 'task.progress' } });
}

/**
 * The server's `progress` only mirrors the state (a running task reads 50 through every retry),
 * so an unfinished task shows a moving, indeterminate bar rather than a number that stalls.
 */
function setProgress(bar, task) {
  bar.hidden = TERMINAL.has(task.status);
  bar.removeAttribute('value');
}

/** "Queue position 3 · starts in about 40 s": only on a read of one queued task (`task.queue`). */
function showQueue(el, task) {
  const queue = task.status === 'queued' ? task.queue : null;
  el.hidden = !queue;
  if (!queue) return;
  const eta = queue.eta_seconds < 60 ? t('task.etaSeconds', { n: Math.max(1, queue.eta_seconds) })
    : t('task.etaMinutes', { n: Math.ceil(queue.eta_seconds / 60) });
  const lane = queue.lane === 'economy' ? 'Economy' : 'Realtime';
  tr(el, queue.eta_seconds === 0 ? `task.queue${lane}Next` : `task.queue${lane}`, { position: queue.position, eta });
}

/** What tells one try-on from another on a card: its category, and the prompt if one was typed. */
export function taskTitle(task) {
  if (task.task_type !== 'tryon') return excerpt(task.prompt, 200);
  const category = has(`category.${task.tryon_category}`) ? t(`category.${task.tryon_category}`) : '';
  const prompt = task.prompt && task.prompt !== TRYON_DEFAULT_PROMPT ? excerpt(task.prompt, 120) : '';
  return [t('task.typeTryon'), category, prompt].filter(Boolean).join(' · ');
}

/** Opens the viewer (loaded on first use) on img, with every result image of the page to step through. */
async function openLightbox(img) {
  const all = [...document.querySelectorAll('#main img.zoomable')];
  const { showLightbox } = await import('./lightbox.js');
  showLightbox(all.map((i) => ({ url: i.src, name: i.dataset.download })), Math.max(0, all.indexOf(img)));
}

/** Full result panel: {el, update(task)}. opts.onImages(task) runs once images arrive. */
export function taskPanel(task, opts = {}) {
  const badge = statusBadge(task.status);
  const bar = progressBar();
  const error = h('p', { class: 'task-error', role: 'alert', hidden: true });
  const queue = h('p', { class: 'queue-note muted small', hidden: true });
  const gallery = h('div', { class: 'result-images' });
  const text = h('p', { class: 'result-text', hidden: true });
  const when = h('time', { class: 'muted' });
  const el = h('article', { class: 'card task-panel', 'aria-live': 'polite', dataset: { taskId: task.task_id } },
    h('div', { class: 'task-panel-head' },
      h('p', { class: 'task-prompt', text: taskTitle(task) }), badge),
    when, bar, queue, error, gallery, text,
    opts.footer || null);

  let shown = '';
  function update(next) {
    setStatus(badge, next.status);
    setProgress(bar, next);
    setDate(when, next.finished_at || next.created_at);
    showQueue(queue, next);
    showTaskError(error, next);
    const list = images(next);
    const key = list.map((i) => i.url).join('|');
    if (key !== shown) {
      shown = key;
      gallery.replaceChildren(...list.map((img, i) => h('figure', { class: 'result-figure' },
        emulatorMark(),
        h('img', {
          src: img.url, alt: t('task.resultAlt', { n: i + 1 }), loading: 'lazy', class: 'zoomable',
          width: img.width || null, height: img.height || null, dataset: { download: downloadName(next, img, i) },
          on: { click: (ev) => openLightbox(ev.currentTarget) },
        }),
        h('figcaption', {}, img.width && img.height ? `${img.width} × ${img.height}` : '',
          downloadLink(next, img, i)))));
      if (list.length && opts.onImages) opts.onImages(next);
    }
    text.hidden = !next.result?.text;
    text.textContent = next.result?.text || '';
  }
  update(task);
  return { el, update };
}

/** Compact card with a thumbnail and actions: {el, update(task)}. */
export function taskCard(task, { onRetry, onCancel, onDelete } = {}) {
  const badge = statusBadge(task.status);
  const thumbBox = h('a', { class: 'thumb', href: `#/tasks/${encodeURIComponent(task.task_id)}` });
  const prompt = h('p', { class: 'card-prompt', text: excerpt(taskTitle(task), 90), title: task.prompt || '' });
  const mark = emulatorMark();
  const meta = h('p', { class: 'card-meta muted' });
  const when = h('time', {});
  const bar = progressBar();
  const error = h('p', { class: 'task-error small', hidden: true });
  const actions = h('div', { class: 'card-actions' });
  const el = h('article', { class: 'card task-card', dataset: { taskId: task.task_id } },
    h('div', { class: 'thumb-wrap' }, thumbBox, mark), h('div', { class: 'card-body' },
      h('div', { class: 'card-row' }, badge, when), prompt, meta, bar, error, actions));

  let current = task;
  const open = h('a', { class: 'btn btn-ghost btn-sm', href: thumbBox.getAttribute('href'), i18n: 'task.open' });
  const retry = onRetry ? button({ key: 'task.retry', small: true, on: () => onRetry(current) }) : null;
  const cancel = onCancel ? button({ key: 'task.cancel', small: true, on: () => onCancel(current) }) : null;
  const del = onDelete ? button({ key: 'task.delete', kind: 'danger', small: true, on: () => onDelete(current) }) : null;
  actions.append(...[open, retry, cancel, del].filter(Boolean));

  let thumbUrl = null;
  function update(next) {
    current = next;
    setStatus(badge, next.status);
    setDate(when, next.created_at);
    setProgress(bar, next);
    meta.textContent = [next.aspect_ratio, next.resolution].filter(Boolean).join(' · ');
    showTaskError(error, next);
    if (retry) retry.hidden = !TERMINAL.has(next.status);
    if (cancel) cancel.hidden = TERMINAL.has(next.status);
    const first = images(next)[0];
    const url = first ? (first.thumbnail_url || first.url) : '';
    mark.hidden = !url; // the label names an image, so a card without one has none
    if (url !== thumbUrl) {
      thumbUrl = url;
      thumbBox.setAttribute('aria-label', t('task.openAria', { prompt: excerpt(next.prompt, 60) }));
      if (url) {
        const img = h('img', { src: url, alt: '', loading: 'lazy', decoding: 'async' });
        img.addEventListener('error', () => img.replaceWith(placeholder('task.noPreview')));
        thumbBox.replaceChildren(img);
      } else {
        thumbBox.replaceChildren(placeholder(`status.${next.status}`));
      }
    } else if (!url) {
      thumbBox.replaceChildren(placeholder(has(`status.${next.status}`) ? `status.${next.status}` : 'task.noPreview'));
    }
  }
  update(task);
  return { el, update, get task() { return current; } };
}

/** "Emulator image" label, visible only while the server runs its emulator (body.is-emulator). */
export function emulatorMark() {
  return h('span', { class: 'emulator-mark', i18n: 'banner.emulatorMark' });
}

function placeholder(key) {
  const span = h('span', { class: 'thumb-placeholder' });
  tr(span, key);
  return span;
}
