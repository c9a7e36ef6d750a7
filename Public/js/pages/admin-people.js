// Admin sections about people: users (list, search, create, edit, reset password,
// delete), roles with their permissions, and credit adjustments.
import { h, uid } from '../dom.js';
import { t, tr, formatNumber } from '../i18n.js';
import { api } from '../api.js';
import {
  field, formError, showFormError, clearFormErrors, busy, button, setErrorText,
} from '../widgets.js';
import { listOf, totalOf, dataTable, when, pager, isMissingRoute } from '../tables.js';
import { ledgerTable } from './account.js';
import { passwordProblem, PASSWORD_MIN } from '../password.js';

const PAGE_SIZE = 20;

/** A card with a title, an error line and a body to fill: {el, body, fail(err), ok()}. */
export function sectionCard(titleKey, ...extra) {
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const body = h('div', { class: 'stack' });
  const el = h('section', { class: 'card stack' }, h('h2', { i18n: titleKey }), ...extra, error, body);
  return {
    el,
    body,
    fail(err) {
      if (isMissingRoute(err)) tr(error, 'common.unavailable');
      else setErrorText(error, err);
      error.hidden = false;
    },
    ok() { error.hidden = true; },
  };
}

function checkbox(name, labelKey, checked = false) {
  const input = h('input', { type: 'checkbox', name, id: uid(name), checked });
  return { input, el: h('div', { class: 'check' }, input, h('label', { for: input.id, i18n: labelKey })) };
}

function roleLabel(role) {
  return typeof role === 'object' && role ? role.name || String(role.id ?? '') : String(role);
}
function roleId(role) {
  return typeof role === 'object' && role ? role.id : role;
}

async function loadRoles() {
  try { return listOf(await api.get('/role/list', { query: { page: 1, page_size: 100 } }), 'roles'); } catch { return []; }
}

/** Checkboxes for roles: {el, values()}. */
function roleChooser(roles, chosen = []) {
  const ids = new Set(chosen.map((r) => String(roleId(r))));
  const boxes = roles.map((r) => ({ role: r, ...checkbox(`role-${r.id}`, null, ids.has(String(r.id))) }));
  boxes.forEach((b) => { b.el.querySelector('label').textContent = roleLabel(b.role); });
  const el = h('fieldset', { class: 'field checks', dataset: { field: 'role_ids' } },
    h('legend', { i18n: 'admin.userRoles' }),
    boxes.length ? boxes.map((b) => b.el) : h('p', { class: 'muted', i18n: 'admin.noRolesDefined' }),
    h('p', { class: 'field-error', role: 'alert', hidden: true }));
  return { el, values: () => boxes.filter((b) => b.input.checked).map((b) => b.role.id) };
}

export function usersSection(root) {
  const search = h('input', { type: 'search', name: 'username', autocomplete: 'off' });
  const searchForm = h('form', { class: 'toolbar', role: 'search' },
    field({ labelKey: 'admin.searchUser', control: search, name: 'username' }),
    h('button', { type: 'submit', class: 'btn btn-secondary', i18n: 'admin.search' }));
  const card = sectionCard('admin.users', searchForm);
  const paging = pager((p) => load(p));
  card.el.append(paging.el);
  const editor = h('div', { class: 'stack' });
  let page = 1;
  let roles = [];

  searchForm.addEventListener('submit', (ev) => { ev.preventDefault(); load(1); });

  async function load(p = page) {
    page = p;
    try {
      const answer = await api.get('/user/list', { query: { page, page_size: PAGE_SIZE, username: search.value.trim() } });
      const rows = listOf(answer, 'users');
      card.ok();
      card.body.replaceChildren(dataTable({
        rows,
        captionKey: 'admin.users',
        columns: [
          { key: 'account.username', cell: (u) => u.username },
          { key: 'account.email', cell: (u) => u.email },
          { key: 'admin.active', cell: (u) => t(u.is_active === false ? 'common.no' : 'common.yes') },
          { key: 'account.superuser', cell: (u) => t(u.is_superuser ? 'common.yes' : 'common.no') },
          { key: 'account.roles', cell: (u) => (u.roles || []).map(roleLabel).join(', ') },
          { key: 'account.credits', className: 'num', cell: (u) => (u.credits ?? u.balance) != null ? formatNumber(Number(u.credits ?? u.balance)) : '' },
          { key: 'common.actions', cell: (u) => h('div', { class: 'card-actions' },
            button({ key: 'admin.edit', small: true, on: () => edit(u) }),
            button({ key: 'admin.resetPassword', small: true, on: () => resetPassword(u) }),
            button({ key: 'task.delete', small: true, kind: 'danger', on: () => remove(u) })) },
        ],
      }));
      paging.set(page, PAGE_SIZE, totalOf(answer, rows));
    } catch (err) { card.fail(err); }
  }

  async function remove(user) {
    if (!window.confirm(t('admin.deleteUserConfirm', { name: user.username }))) return;
    try { await api.del('/user/delete', { query: { user_id: user.id } }); load(); } catch (err) { card.fail(err); }
  }

  async function resetPassword(user) {
    const chosen = window.prompt(t('admin.resetPasswordPrompt', { name: user.username }));
    if (chosen === null) return;
    try {
      const answer = await api.post('/user/reset_password', { user_id: user.id, new_password: chosen || undefined });
      const given = answer?.new_password ?? answer?.password ?? answer?.data?.new_password;
      editor.replaceChildren(h('div', { class: 'notice notice-success', role: 'status' },
        t('admin.passwordReset', { name: user.username }), given ? h('code', { class: 'mono secret', text: ` ${given}` }) : null));
    } catch (err) { card.fail(err); }
  }

  function edit(user) { editor.replaceChildren(userForm(user)); editor.querySelector('input')?.focus(); }

  /** Create (no user) or edit form. */
  function userForm(user) {
    const username = h('input', { name: 'username', autocomplete: 'off', value: user?.username || '', disabled: Boolean(user) });
    const email = h('input', { name: 'email', type: 'email', autocomplete: 'off', value: user?.email || '' });
    const password = h('input', { name: 'password', type: 'password', autocomplete: 'new-password', minlength: String(PASSWORD_MIN) });
    const active = checkbox('is_active', 'admin.active', user ? user.is_active !== false : true);
    const superuser = checkbox('is_superuser', 'account.superuser', Boolean(user?.is_superuser));
    const chooser = roleChooser(roles, user?.roles || []);
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', i18n: user ? 'admin.save' : 'admin.createUser' });
    const form = h('form', { class: 'card stack', novalidate: true },
      h('h3', { i18n: user ? 'admin.editUser' : 'admin.newUser', i18nArgs: { name: user?.username || '' } }),
      h('div', { class: 'row' },
        field({ labelKey: 'account.username', control: username, name: 'username' }),
        field({ labelKey: 'account.email', control: email, name: 'email' })),
      user ? null : field({ labelKey: 'login.password', control: password, name: 'password', hintKey: 'password.rules' }),
      h('div', { class: 'checks-row' }, active.el, superuser.el), chooser.el, formError(),
      h('div', { class: 'form-actions' }, submit,
        user ? button({ key: 'task.cancel', on: () => editor.replaceChildren(userForm(null)) }) : null));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFormErrors(form);
      if (!user && !username.value.trim()) { showFormError(form, { field: 'username', key: 'account.required' }); return; }
      if (!user && !password.value) { showFormError(form, { field: 'password', key: 'account.required' }); return; }
      const problem = user ? null : passwordProblem(password.value, username.value.trim());
      if (problem) { showFormError(form, { field: 'password', key: problem }); return; }
      const body = {
        email: email.value.trim(), is_active: active.input.checked, is_superuser: superuser.input.checked,
        role_ids: chooser.values(),
      };
      busy(submit, true);
      try {
        if (user) await api.post('/user/update', { id: user.id, ...body });
        else await api.post('/user/create', { username: username.value.trim(), password: password.value, ...body });
        editor.replaceChildren(userForm(null));
        load(user ? page : 1);
      } catch (err) {
        showFormError(form, isMissingRoute(err) ? { key: 'common.unavailable' } : err);
      } finally { busy(submit, false); }
    });
    return form;
  }

  root.append(card.el, editor);
  loadRoles().then((r) => { roles = r; editor.replaceChildren(userForm(null)); });
  load(1);
}

export function rolesSection(root) {
  const card = sectionCard('admin.roles');
  const editor = h('div', { class: 'stack' });
  let permissions = [];

  async function load() {
    try {
      const rows = listOf(await api.get('/role/list', { query: { page: 1, page_size: 100 } }), 'roles');
      card.ok();
      card.body.replaceChildren(dataTable({
        rows,
        emptyKey: 'admin.noRolesDefined',
        columns: [
          { key: 'admin.roleName', cell: (r) => r.name },
          { key: 'admin.roleDesc', cell: (r) => r.desc || r.description || '' },
          { key: 'admin.permissions', cell: (r) => h('ul', { class: 'chips', role: 'list' },
            (r.permissions || []).map((p) => h('li', { class: 'chip', text: typeof p === 'object' ? p.name : p }))) },
          { key: 'common.actions', cell: (r) => h('div', { class: 'card-actions' },
            button({ key: 'admin.edit', small: true, on: () => editor.replaceChildren(roleForm(r)) }),
            button({ key: 'task.delete', small: true, kind: 'danger', on: () => remove(r) })) },
        ],
      }));
    } catch (err) { card.fail(err); }
  }

  async function remove(role) {
    if (!window.confirm(t('admin.deleteRoleConfirm', { name: role.name }))) return;
    try { await api.del('/role/delete', { query: { role_id: role.id } }); load(); } catch (err) { card.fail(err); }
  }

  function roleForm(role) {
    const name = h('input', { name: 'name', autocomplete: 'off', value: role?.name || '' });
    const desc = h('input', { name: 'desc', autocomplete: 'off', value: role?.desc || '' });
    const held = new Set((role?.permissions || []).map((p) => (typeof p === 'object' ? p.name : p)));
    const boxes = permissions.map((p) => {
      const box = checkbox(`perm-${p.name}`, null, held.has(p.name));
      box.el.querySelector('label').append(h('span', { class: 'mono', text: p.name }),
        p.routes?.length ? h('span', { class: 'muted small', text: ` ${p.routes.length}` }) : null);
      box.el.title = (p.routes || []).join('\n');
      return { name: p.name, ...box };
    });
    const submit = h('button', { type: 'submit', class: 'btn btn-primary', i18n: role ? 'admin.save' : 'admin.createRole' });
    const form = h('form', { class: 'card stack', novalidate: true },
      h('h3', { i18n: role ? 'admin.editRole' : 'admin.newRole', i18nArgs: { name: role?.name || '' } }),
      h('div', { class: 'row' },
        field({ labelKey: 'admin.roleName', control: name, name: 'name' }),
        field({ labelKey: 'admin.roleDesc', control: desc, name: 'desc', optional: true })),
      h('fieldset', { class: 'field checks', dataset: { field: 'permissions' } },
        h('legend', { i18n: 'admin.permissions' }), boxes.map((b) => b.el),
        h('p', { class: 'field-error', role: 'alert', hidden: true })),
      formError(),
      h('div', { class: 'form-actions' }, submit,
        role ? button({ key: 'task.cancel', on: () => editor.replaceChildren(roleForm(null)) }) : null));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      clearFormErrors(form);
      if (!name.value.trim()) { showFormError(form, { field: 'name', key: 'account.required' }); return; }
      const body = { name: name.value.trim(), desc: desc.value.trim(), permissions: boxes.filter((b) => b.input.checked).map((b) => b.name) };
      busy(submit, true);
      try {
        if (role) await api.post('/role/update', { id: role.id, role_id: role.id, ...body });
        else await api.post('/role/create', body);
        editor.replaceChildren(roleForm(null));
        load();
      } catch (err) {
        showFormError(form, isMissingRoute(err) ? { key: 'common.unavailable' } : err);
      } finally { busy(submit, false); }
    });
    return form;
  }

  root.append(card.el, editor);
  api.get('/role/permissions').then((answer) => {
    permissions = listOf(answer, 'permissions').map((p) => (typeof p === 'object' ? p : { name: p }));
  }).catch(() => {}).finally(() => editor.replaceChildren(roleForm(null)));
  load();
}

export function creditsSection(root) {
  const userSelect = h('select', { name: 'user_id' });
  const delta = h('input', { name: 'delta', type: 'number', step: '1', inputmode: 'numeric' });
  const reason = h('input', { name: 'reason', autocomplete: 'off', maxlength: '200' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', i18n: 'admin.adjust' });
  const done = h('p', { class: 'notice notice-success', role: 'status', hidden: true });
  const form = h('form', { class: 'stack', novalidate: true },
    field({ labelKey: 'admin.user', control: userSelect, name: 'user_id' }),
    h('div', { class: 'row' },
      field({ labelKey: 'admin.delta', control: delta, name: 'delta', hintKey: 'admin.deltaHint' }),
      field({ labelKey: 'account.reason', control: reason, name: 'reason' })),
    formError(), done, h('div', { class: 'form-actions' }, submit));
  const card = sectionCard('admin.credits', h('p', { class: 'muted', i18n: 'admin.creditsLead' }), form);
  const ledger = h('div', { class: 'stack' });
  card.el.append(h('h3', { i18n: 'account.ledger' }), ledger);
  let users = [];

  async function showLedger() {
    if (!userSelect.value) { ledger.replaceChildren(); return; }
    try {
      const answer = await api.get('/credits/user_ledger', { query: { user_id: userSelect.value, page: 1, page_size: 20 } });
      ledger.replaceChildren(ledgerTable(listOf(answer)));
    } catch (err) { card.fail(err); }
  }
  userSelect.addEventListener('change', showLedger);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(form);
    done.hidden = true;
    const n = Number(delta.value);
    if (!userSelect.value) { showFormError(form, { field: 'user_id', key: 'account.required' }); return; }
    if (!delta.value || !Number.isInteger(n) || n === 0) { showFormError(form, { field: 'delta', key: 'admin.deltaInvalid' }); return; }
    if (!reason.value.trim()) { showFormError(form, { field: 'reason', key: 'account.required' }); return; }
    busy(submit, true);
    try {
      const answer = await api.post('/credits/adjust', { user_id: userSelect.value, delta: n, reason: reason.value.trim() });
      const user = users.find((u) => String(u.id) === userSelect.value);
      const balance = answer?.balance ?? answer?.credits;
      tr(done, balance != null ? 'admin.adjustedTo' : 'admin.adjusted', { name: user?.username || '', n: formatNumber(Number(balance ?? 0)) });
      done.hidden = false;
      delta.value = '';
      reason.value = '';
      showLedger();
    } catch (err) {
      showFormError(form, isMissingRoute(err) ? { key: 'common.unavailable' } : err);
    } finally { busy(submit, false); }
  });

  root.append(card.el);
  api.get('/user/list', { query: { page: 1, page_size: 100 } }).then((answer) => {
    users = listOf(answer, 'users');
    userSelect.replaceChildren(h('option', { value: '', i18n: 'admin.chooseUser' }),
      ...users.map((u) => h('option', { value: String(u.id), text: u.username })));
  }).catch((err) => card.fail(err));
}
