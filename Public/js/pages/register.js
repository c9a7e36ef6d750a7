// Sign-up (POST /api/v1/base/register, only when the server allows it): create the
// account, then sign in with it. A server with sign-up off answers 403 SIGNUP_DISABLED,
// shown in words above the form.
import { h } from '../dom.js';
import { api } from '../api.js';
import { session } from '../session.js';
import { field, formError, showFormError, clearFormErrors, busy } from '../widgets.js';
import { isMissingRoute } from '../tables.js';
import { passwordProblem, PASSWORD_MIN } from '../password.js';

export default function render(root) {
  const username = h('input', { name: 'username', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' });
  const email = h('input', { name: 'email', type: 'email', autocomplete: 'email' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', minlength: String(PASSWORD_MIN) });
  const confirm = h('input', { name: 'confirm_password', type: 'password', autocomplete: 'new-password' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', i18n: 'register.submit' });
  const form = h('form', { class: 'stack', novalidate: true },
    field({ labelKey: 'login.username', control: username, name: 'username' }),
    field({ labelKey: 'account.email', control: email, name: 'email', optional: true }),
    field({ labelKey: 'login.password', control: password, name: 'password', hintKey: 'password.rules' }),
    field({ labelKey: 'account.confirmPassword', control: confirm, name: 'confirm_password' }),
    formError(), submit);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(form);
    if (!username.value.trim()) { showFormError(form, { field: 'username', key: 'login.required' }); return; }
    if (!password.value) { showFormError(form, { field: 'password', key: 'login.required' }); return; }
    const problem = passwordProblem(password.value, username.value.trim());
    if (problem) { showFormError(form, { field: 'password', key: problem }); return; }
    if (password.value !== confirm.value) { showFormError(form, { field: 'confirm_password', key: 'account.mismatch' }); return; }
    busy(submit, true);
    try {
      await api.post('/base/register', { username: username.value.trim(), email: email.value.trim() || undefined, password: password.value }, { auth: false });
      await session.login(username.value.trim(), password.value);
      location.hash = '#/create';
    } catch (err) {
      showFormError(form, isMissingRoute(err) ? { key: 'register.unavailable' } : err);
    } finally {
      busy(submit, false);
    }
  });

  root.append(h('section', { class: 'auth' },
    h('div', { class: 'card auth-card' },
      h('div', { class: 'auth-brand', 'aria-hidden': 'true' }, 'V'),
      h('h1', { i18n: 'register.title' }),
      h('p', { class: 'lead', i18n: 'register.lead' }),
      form,
      h('p', { class: 'muted small' }, h('a', { href: '#/login', i18n: 'register.haveAccount' })))));
  username.focus();
}
