// Image picker: a drop zone with a real file input that also takes a pasted image, previews
// with remove buttons, and uploads through POST /api/v1/uploads (each File uploaded at most once).
import { h, uid } from './dom.js';
import { tr } from './i18n.js';
import { api } from './api.js';

const ACCEPT = 'image/jpeg,image/png,image/webp,image/heic,image/heif,image/gif';
const MAX_BYTES = 20 * 1024 * 1024;
const uploaded = new WeakMap(); // File → Promise<upload answer>

/**
 * imagePicker({name, labelKey, hintKey, multiple, max}) →
 * {el, files(), add(files), previewUrl(i), clear(), onChange(fn)}
 */
export function imagePicker({ name, labelKey, hintKey, multiple = false, max = 1 }) {
  const inputId = uid(name);
  const errorId = `${inputId}-error`;
  const input = h('input', {
    type: 'file', id: inputId, accept: ACCEPT, multiple, class: 'visually-hidden',
    'aria-describedby': errorId,
  });
  const list = h('ul', { class: 'previews', role: 'list' });
  const message = h('p', { class: 'field-error', id: errorId, role: 'alert', hidden: true });
  const zone = h('div', { class: 'dropzone', tabindex: '0' },
    h('p', { class: 'dropzone-text', i18n: multiple ? 'upload.dropMany' : 'upload.dropOne' }),
    h('label', { for: inputId, class: 'btn btn-secondary', i18n: multiple ? 'upload.chooseMany' : 'upload.chooseOne' }),
    input,
    hintKey ? h('p', { class: 'field-hint', i18n: hintKey }) : null);
  const el = h('div', { class: 'field', dataset: { field: name } },
    h('span', { class: 'field-label', id: `${inputId}-label`, i18n: labelKey }),
    zone, list, message);
  zone.setAttribute('role', 'group');
  zone.setAttribute('aria-labelledby', `${inputId}-label`);

  let items = []; // {file, url}
  const listeners = new Set();

  function notify() {
    for (const fn of listeners) fn(items.map((i) => i.file));
    // Drops and pastes are edits too: a field error shown for this picker goes (widgets.js).
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }

  function showMessage(key, args) {
    if (!key) { message.hidden = true; message.textContent = ''; return; }
    tr(message, key, args);
    message.hidden = false;
  }

  function render() {
    list.replaceChildren(...items.map((item, index) => {
      const img = h('img', { src: item.url, alt: item.file.name, loading: 'lazy' });
      img.addEventListener('error', () => img.replaceWith(h('span', { class: 'preview-fallback', text: item.file.name })));
      const remove = h('button', { type: 'button', class: 'preview-remove', i18nAttrs: { 'aria-label': 'upload.remove' } }, '×');
      remove.title = item.file.name;
      remove.addEventListener('click', () => {
        URL.revokeObjectURL(item.url);
        items.splice(index, 1);
        render();
        notify();
        input.focus();
      });
      return h('li', { class: 'preview' }, img, h('span', { class: 'preview-name', text: item.file.name }), remove);
    }));
  }

  function add(fileList) {
    let problem = [null]; // shown after notify(), whose change event clears the field's error
    const incoming = [...fileList];
    for (const file of incoming) {
      if (!file.type.startsWith('image/') && !/\.(heic|heif)$/i.test(file.name)) {
        problem = ['upload.notImage', { name: file.name }];
        continue;
      }
      if (file.size > MAX_BYTES) { problem = ['upload.tooLarge', { name: file.name }]; continue; }
      if (!multiple) {
        items.forEach((i) => URL.revokeObjectURL(i.url));
        items = [];
      }
      if (items.length >= max) { problem = ['upload.tooMany', { max }]; break; }
      items.push({ file, url: URL.createObjectURL(file) });
    }
    render();
    notify();
    showMessage(...problem);
  }

  input.addEventListener('change', () => { add(input.files); input.value = ''; });
  zone.addEventListener('dragover', (ev) => { ev.preventDefault(); zone.classList.add('dragging'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (ev) => {
    ev.preventDefault();
    zone.classList.remove('dragging');
    if (ev.dataTransfer?.files?.length) add(ev.dataTransfer.files);
  });
  // A screenshot or a copied image pasted while the drop zone (or its button) has focus.
  el.addEventListener('paste', (ev) => {
    const files = [...(ev.clipboardData?.files || [])];
    if (!files.length) return;
    ev.preventDefault();
    add(files);
  });

  return {
    el,
    files: () => items.map((i) => i.file),
    add,
    previewUrl: (i = 0) => items[i]?.url || '',
    onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); },
    clear() {
      items.forEach((i) => URL.revokeObjectURL(i.url));
      items = [];
      render();
      showMessage(null);
      notify();
    },
  };
}

/** Uploads files (reusing earlier uploads of the same File) and answers their URLs. */
export async function uploadAll(files, onProgress) {
  const urls = [];
  let done = 0;
  for (const file of files) {
    let pending = uploaded.get(file);
    if (!pending) {
      pending = api.upload(file);
      uploaded.set(file, pending);
      pending.catch(() => uploaded.delete(file));
    }
    const answer = await pending;
    urls.push(answer.url || answer.id);
    done += 1;
    if (onProgress) onProgress(done, files.length);
  }
  return urls;
}
