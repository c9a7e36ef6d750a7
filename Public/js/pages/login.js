// Login: POST /api/v1/base/access_token, keep the token, go where the user was going.
import { h } from '../dom.js';
import { tr } from '../i18n.js';
import { session } from '../session.js';
import { systemInfo } from '../system.js';
import { field, formError, showFormError, clearFormErrors, busy } from '../widgets.js';

export default function render(root, { query }) {
  const username = h('input', {
    name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false',
  });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block', i18n: 'login.submit' });
  const notice = h('p', { class: 'notice', role: 'status', hidden: true });
  const reason = sessionStorage.getItem('vton.loginReason');
  if (reason) {
    sessionStorage.removeItem('vton.loginReason');
    tr(notice, reason);
    notice.hidden = false;
  }

  const form = h('form', { class: 'stack', novalidate: true },
    notice,
    field({ labelKey: 'login.username', control: username, name: 'username' }),
    field({ labelKey: 'login.password', control: password, name: 'password' }),
    formError(),
    submit);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(form);
    if (!username.value.trim()) {
      showFormError(form, { field: 'username', key: 'login.required' });
      return;
    }
    if (!password.value) {
      showFormError(form, { field: 'password', key: 'login.required' });
      return;
    }
    busy(submit, true, 'login.signingIn');
    try {
      await session.login(username.value.trim(), password.value);
      const next = query.get('next');
      location.hash = `#${next && next.startsWith('/') && !next.startsWith('/login') ? next : '/create'}`;
    } catch (err) {
      // 401 carries no field: the message goes in the form box, same for unknown users.
      showFormError(form, err.status === 401 && !err.detail ? { key: 'login.failed' } : err);
      password.select();
    } finally {
      busy(submit, false);
    }
  });

  // Offered only when the server says sign-up is on (system info `allow_signup`).
  const signup = h('p', { class: 'muted small', hidden: true }, h('a', { href: '#/register', i18n: 'register.link' }));
  systemInfo().then((info) => { signup.hidden = !(info && (info.allow_signup || info.signup)); });

  root.append(h('section', { class: 'auth' },
    h('div', { class: 'card auth-card' },
      h('div', { class: 'auth-brand', 'aria-hidden': 'true' }, 'V'),
      h('h1', { i18n: 'login.title' }),
      h('p', { class: 'lead', i18n: 'login.lead' }),
      form, signup)));
  username.focus();
}
