// Full-size viewer for result images, loaded on the first click on a result: arrow keys move
// through the list, Escape closes (the native <dialog> does that and keeps focus inside),
// the zoom button or a click on the picture toggles between fitted and actual size.
import { h } from './dom.js';
import { t } from './i18n.js';

/** list: [{url, name}] (name: the download's file name). */
export function showLightbox(list, start) {
  let index = start;
  const img = h('img', { class: 'lightbox-img', alt: '' });
  const counter = h('p', { class: 'lightbox-counter', 'aria-live': 'polite' });
  const download = h('a', { class: 'btn btn-secondary btn-sm lightbox-download', i18n: 'task.download' });
  const zoom = h('button', { type: 'button', class: 'btn btn-secondary btn-sm lightbox-zoom', 'aria-pressed': 'false', i18n: 'lightbox.zoom' });
  const prev = h('button', { type: 'button', class: 'btn btn-secondary btn-sm lightbox-prev', i18n: 'common.prev' });
  const next = h('button', { type: 'button', class: 'btn btn-secondary btn-sm lightbox-next', i18n: 'common.next' });
  const close = h('button', { type: 'button', class: 'btn btn-primary btn-sm lightbox-close', i18n: 'lightbox.close' });
  const stage = h('div', { class: 'lightbox-stage' }, img);
  const dialog = h('dialog', { class: 'lightbox', i18nAttrs: { 'aria-label': 'lightbox.title' } },
    h('div', { class: 'lightbox-bar' }, counter, prev, next, zoom, download, close), stage);

  function show(i) {
    index = (i + list.length) % list.length;
    const image = list[index];
    img.src = image.url;
    img.alt = t('task.resultAlt', { n: index + 1 });
    download.href = image.url;
    download.download = image.name || '';
    counter.textContent = `${index + 1} / ${list.length}`;
    prev.hidden = next.hidden = list.length < 2;
    setZoom(false);
  }
  function setZoom(on) {
    stage.classList.toggle('zoomed', on);
    zoom.setAttribute('aria-pressed', String(on));
  }

  prev.addEventListener('click', () => show(index - 1));
  next.addEventListener('click', () => show(index + 1));
  zoom.addEventListener('click', () => setZoom(!stage.classList.contains('zoomed')));
  img.addEventListener('click', () => setZoom(!stage.classList.contains('zoomed')));
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowRight') { ev.preventDefault(); show(index + 1); }
    if (ev.key === 'ArrowLeft') { ev.preventDefault(); show(index - 1); }
  });
  // Leaving the page (back button) must not leave the viewer over the next one.
  const closeOnLeave = () => dialog.close();
  window.addEventListener('hashchange', closeOnLeave);
  dialog.addEventListener('close', () => {
    window.removeEventListener('hashchange', closeOnLeave);
    dialog.remove();
  });

  document.body.append(dialog);
  show(start);
  dialog.showModal();
  close.focus();
}
