// Account: who I am (GET /api/v1/base/userinfo) and a password change form.
import { h } from '../dom.js';
import { tr, formatNumber } from '../i18n.js';
import { api } from '../api.js';
import { session } from '../session.js';
import { field, formError, showFormError, clearFormErrors, busy, pageHeader, setErrorText } from '../widgets.js';

function roleName(role) {
  if (role && typeof role === 'object') return role.name || role.desc || String(role.id ?? '');
  return String(role);
}

function profile(user) {
  const dl = h('dl', { class: 'details' });
  const add = (key, value) => dl.append(h('dt', { i18n: key }), h('dd', {}, value));
  add('account.username', user.username || '—');
  if (user.email) add('account.email', user.email);
  const roles = Array.isArray(user.roles) ? user.roles.map(roleName).filter(Boolean) : [];
  add('account.roles', roles.length
    ? h('ul', { class: 'chips', role: 'list' }, roles.map((r) => h('li', { class: 'chip', text: r })))
    : h('span', { class: 'muted', i18n: 'account.noRoles' }));
  if (user.is_superuser) add('account.kind', h('span', { class: 'chip', i18n: 'account.superuser' }));
  if (user.credits !== undefined && user.credits !== null) {
    add('account.credits', formatNumber(Number(user.credits)));
  }
  return dl;
}

export default async function render(root) {
  const infoCard = h('section', { class: 'card stack', 'aria-labelledby': 'account-info-title' },
    h('h2', { id: 'account-info-title', i18n: 'account.profile' }),
    h('p', { class: 'muted', i18n: 'common.loading' }));

  const oldPw = h('input', { type: 'password', name: 'old_password', autocomplete: 'current-password' });
  const newPw = h('input', { type: 'password', name: 'new_password', autocomplete: 'new-password', minlength: '6' });
  const confirmPw = h('input', { type: 'password', name: 'confirm_password', autocomplete: 'new-password' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', i18n: 'account.change' });
  const done = h('p', { class: 'notice notice-success', role: 'status', hidden: true });
  const form = h('form', { class: 'card stack', novalidate: true, 'aria-labelledby': 'account-pw-title' },
    h('h2', { id: 'account-pw-title', i18n: 'account.password' }),
    field({ labelKey: 'account.oldPassword', control: oldPw, name: 'old_password' }),
    field({ labelKey: 'account.newPassword', control: newPw, name: 'new_password' }),
    field({ labelKey: 'account.confirmPassword', control: confirmPw, name: 'confirm_password' }),
    formError(), done, h('div', { class: 'form-actions' }, submit));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(form);
    done.hidden = true;
    if (!oldPw.value) { showFormError(form, { field: 'old_password', key: 'account.required' }); return; }
    if (!newPw.value) { showFormError(form, { field: 'new_password', key: 'account.required' }); return; }
    if (newPw.value !== confirmPw.value) {
      showFormError(form, { field: 'confirm_password', key: 'account.mismatch' });
      return;
    }
    busy(submit, true);
    try {
      await api.post('/base/update_password', { old_password: oldPw.value, new_password: newPw.value });
      form.reset();
      tr(done, 'account.changed');
      done.hidden = false;
    } catch (err) {
      showFormError(form, err);
    } finally {
      busy(submit, false);
    }
  });

  root.append(pageHeader('account.title'), h('div', { class: 'layout-two' }, infoCard, form));

  try {
    const user = await api.get('/base/userinfo');
    infoCard.replaceChildren(infoCard.firstChild, profile(user));
    session.load(); // keep the header (credits, admin link) in step
  } catch (err) {
    const p = h('p', { class: 'form-error', role: 'alert' });
    setErrorText(p, err);
    infoCard.replaceChildren(infoCard.firstChild, p);
  }
  return undefined;
}
