// Small shared UI pieces: labelled fields, selects, buttons, status badges and
// error display tied to the `field` named by the server.
import { h, uid } from './dom.js';
import { t, tr, has } from './i18n.js';

export const ASPECT_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9', '6:9'];
export const RESOLUTIONS = ['1K', '2K', '4K'];

/** The supported ratio closest in shape to width × height (`6:9` is `2:3` under another name). */
export function nearestRatio(width, height) {
  const shape = (r) => { const [w, hh] = r.split(':').map(Number); return Math.abs(Math.log(w / hh) - Math.log(width / height)); };
  return ASPECT_RATIOS.filter((r) => r !== '6:9').reduce((best, r) => (shape(r) < shape(best) ? r : best));
}

/** Ctrl+Enter (Cmd+Enter on a Mac) sends the form from any of its fields. */
export function submitOnCtrlEnter(form) {
  form.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter' || !(ev.ctrlKey || ev.metaKey)) return;
    ev.preventDefault();
    form.requestSubmit();
  });
}
export const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'canceled'];
export const TERMINAL = new Set(['succeeded', 'failed', 'canceled']);

/** A labelled field; `name` is the server's field name used to place errors. */
export function field({ labelKey, control, hintKey, name, optional = false }) {
  if (!control.id) control.id = uid('f');
  const errorId = `${control.id}-error`;
  const described = [errorId];
  const hint = hintKey ? h('p', { class: 'field-hint', id: `${control.id}-hint`, i18n: hintKey }) : null;
  if (hint) { hint.textContent = t(hintKey); described.unshift(hint.id); }
  control.setAttribute('aria-describedby', described.join(' '));
  const label = h('label', { for: control.id },
    h('span', { i18n: labelKey, text: t(labelKey) }),
    optional ? h('span', { class: 'optional', i18n: 'common.optional', text: t('common.optional') }) : null);
  return h('div', { class: 'field', dataset: { field: name || '' } },
    label, control, hint,
    h('p', { class: 'field-error', id: errorId, role: 'alert', hidden: true }));
}

/** <select> with plain values, or values with translated labels (labelPrefix). */
export function select({ name, values, value, labelPrefix, allKey }) {
  const el = h('select', { name, id: uid(name || 'sel') });
  if (allKey) el.append(h('option', { value: '', i18n: allKey, text: t(allKey) }));
  for (const v of values) {
    const opt = labelPrefix
      ? h('option', { value: v, i18n: `${labelPrefix}.${v}`, text: t(`${labelPrefix}.${v}`) })
      : h('option', { value: v, text: v });
    el.append(opt);
  }
  if (value !== undefined) el.value = value;
  return el;
}

export function button({ key, kind = 'secondary', type = 'button', on, args, label, small }) {
  const el = h('button', { type, class: `btn btn-${kind}${small ? ' btn-sm' : ''}` });
  tr(el, key, args);
  if (label) el.setAttribute('aria-label', label);
  if (on) el.addEventListener('click', on);
  return el;
}

export function statusBadge(status) {
  const el = h('span', { class: 'badge' });
  setStatus(el, status);
  return el;
}

export function setStatus(el, status) {
  el.className = `badge badge-${status || 'unknown'}`;
  tr(el, has(`status.${status}`) ? `status.${status}` : 'status.unknown');
}

/**
 * The locale key for a server error: by code and field (`errors.WEAK_PASSWORD`,
 * `errors.VALIDATION_ERROR.prompt`), so a zh interface never shows the server's English.
 */
function errorKey(code, fieldName) {
  if (!code) return null;
  const leaf = candidates(fieldName)[2];
  return [leaf && `errors.${code}.${leaf}`, `errors.${code}`].find((k) => k && has(k)) || null;
}

/** Puts a human-readable text for an error into el; the server's own words only as fallback. */
export function setErrorText(el, err) {
  if (!err) { el.textContent = ''; delete el.dataset.i18n; return; }
  if (err.key) { tr(el, err.key, err.args); return; } // a message made by the client
  if (err.status === 0 || err.code === 'NETWORK') { tr(el, 'errors.NETWORK'); return; }
  if (err.status === 429 && err.retryAfter) {
    tr(el, 'errors.RATE_LIMITED_RETRY', { s: err.retryAfter });
    return;
  }
  const key = errorKey(err.code, err.field);
  if (key) { tr(el, key, { detail: err.detail || '' }); return; }
  if (err.detail) { delete el.dataset.i18n; el.textContent = err.detail; return; }
  if (err.status) { tr(el, 'errors.http', { status: err.status }); return; }
  tr(el, 'errors.generic');
}

function candidates(fieldName) {
  const f = String(fieldName || '');
  if (!f) return [];
  const parts = f.replace(/\[(\d+)\]/g, '.$1').split('.').filter((p) => !/^\d+$/.test(p));
  return [f, parts.join('.'), parts[parts.length - 1], parts[0]].filter(Boolean);
}

export function clearFormErrors(form) {
  for (const p of form.querySelectorAll('.field-error, .form-error')) {
    p.hidden = true;
    p.textContent = '';
  }
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
}

/** Shows err next to the field it names, or in the form's general error box. */
export function showFormError(form, err) {
  let target = null;
  for (const name of candidates(err.field)) {
    target = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (target) break;
  }
  const box = target ? target.querySelector('.field-error') : form.querySelector('.form-error');
  if (!box) return;
  setErrorText(box, err);
  box.hidden = false;
  if (target) {
    const control = target.querySelector('input, select, textarea');
    if (control) { control.setAttribute('aria-invalid', 'true'); control.focus(); }
    // A fixed field loses its error as soon as it is edited, not at the next submit.
    const fixed = () => {
      box.hidden = true;
      box.textContent = '';
      control?.removeAttribute('aria-invalid');
      target.removeEventListener('input', fixed);
      target.removeEventListener('change', fixed);
    };
    target.addEventListener('input', fixed);
    target.addEventListener('change', fixed);
  } else {
    box.focus?.();
  }
}

export function formError() {
  return h('p', { class: 'form-error', role: 'alert', tabindex: '-1', hidden: true });
}

/** A page title block: <h1> plus an optional lead paragraph. */
export function pageHeader(titleKey, leadKey) {
  return h('header', { class: 'page-header' },
    h('h1', { i18n: titleKey, text: t(titleKey) }),
    leadKey ? h('p', { class: 'lead', i18n: leadKey, text: t(leadKey) }) : null);
}

/** Disables a submit button and shows a busy label while work runs. */
export function busy(btn, on, key) {
  btn.disabled = on;
  btn.setAttribute('aria-busy', on ? 'true' : 'false');
  if (on) {
    btn.dataset.idleKey = btn.dataset.idleKey || btn.dataset.i18n;
    tr(btn, key || 'common.working');
  } else if (btn.dataset.idleKey) {
    tr(btn, btn.dataset.idleKey);
  }
}

/** Realtime / economy radio pair (API.md §2.1 `priority`): {el, value(), set(value)}. */
export function priorityFieldset() {
  const name = uid('priority');
  const option = (value, checked) => {
    const id = uid('prio');
    return h('div', { class: 'radio' },
      h('input', { type: 'radio', name, id, value, checked }),
      h('label', { for: id },
        h('span', { class: 'radio-title', i18n: `priority.${value}` }),
        h('span', { class: 'radio-hint', i18n: `priority.${value}Hint` })));
  };
  const el = h('fieldset', { class: 'field radio-group', dataset: { field: 'priority' } },
    h('legend', { i18n: 'form.priority' }),
    option('realtime', true), option('economy', false),
    h('p', { class: 'field-error', role: 'alert', hidden: true }));
  return {
    el,
    value: () => el.querySelector('input:checked')?.value || 'realtime',
    set(value) { const input = el.querySelector(`input[value="${value}"]`); if (input) input.checked = true; },
  };
}
