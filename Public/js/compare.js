// Before/after slider: the "after" image is clipped over the "before" image, and a
// real range input (keyboard and screen-reader friendly) moves the split. Both images sit
// in one box shaped like the result and are fitted alike, so the two halves line up.
import { h } from './dom.js';
import { t } from './i18n.js';

/** after: a result image {url, width, height}. */
export function compareSlider({ beforeUrl, after: result }) {
  const before = h('img', { class: 'compare-before', src: beforeUrl, alt: '', i18nAttrs: { alt: 'tryon.before' } });
  const after = h('img', { class: 'compare-after', src: result.url, alt: '', i18nAttrs: { alt: 'tryon.after' } });
  const afterWrap = h('div', { class: 'compare-after-wrap' }, after);
  const handle = h('div', { class: 'compare-handle', 'aria-hidden': 'true' });
  const range = h('input', {
    type: 'range', min: '0', max: '100', value: '50', class: 'compare-range',
    i18nAttrs: { 'aria-label': 'tryon.compare' },
  });
  const stage = h('div', { class: 'compare-stage' }, before, afterWrap, handle);
  if (result.width && result.height) stage.style.aspectRatio = `${result.width} / ${result.height}`;
  const el = h('div', { class: 'compare' },
    stage,
    h('div', { class: 'compare-labels', 'aria-hidden': 'true' },
      h('span', { i18n: 'tryon.before' }), h('span', { i18n: 'tryon.after' })),
    range);

  function set(value) {
    const v = Math.max(0, Math.min(100, Number(value)));
    // The result covers the right-hand part: before on the left, after on the right.
    afterWrap.style.clipPath = `inset(0 0 0 ${v}%)`;
    handle.style.left = `${v}%`;
    range.setAttribute('aria-valuetext', t('tryon.compareValue', { before: Math.round(v), after: Math.round(100 - v) }));
  }
  range.addEventListener('input', () => set(range.value));

  // Dragging directly on the picture moves the split too.
  let dragging = false;
  function fromPointer(ev) {
    const box = stage.getBoundingClientRect();
    const v = ((ev.clientX - box.left) / box.width) * 100;
    range.value = String(Math.round(v));
    set(range.value);
  }
  stage.addEventListener('pointerdown', (ev) => { dragging = true; stage.setPointerCapture(ev.pointerId); fromPointer(ev); });
  // A mouse drag on an <img> otherwise starts the browser's own image drag-and-drop, which
  // cancels the pointer (pointercancel) after the first move: the split would hardly follow.
  stage.addEventListener('dragstart', (ev) => ev.preventDefault());
  stage.addEventListener('pointermove', (ev) => { if (dragging) fromPointer(ev); });
  stage.addEventListener('pointerup', () => { dragging = false; });
  stage.addEventListener('pointercancel', () => { dragging = false; });

  set(50);
  return { el };
}
