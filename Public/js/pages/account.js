// Account: who I am (GET /api/v1/base/userinfo), credits and their ledger, API keys
// and a password change form. Credits and keys come from the accounts API (API.md §6);
// while a server lacks those routes the sections say so instead of failing.
import { h } from '../dom.js';
import { t, tr, has, formatNumber } from '../i18n.js';
import { api } from '../api.js';
import { session } from '../session.js';
import { passwordProblem, PASSWORD_MIN } from '../password.js';
import {
  field, formError, showFormError, clearFormErrors, busy, pageHeader, setErrorText, button,
} from '../widgets.js';
import { listOf, totalOf, dataTable, when, pager, isMissingRoute } from '../tables.js';
import { webhookSecretCard } from '../webhooks.js';

const LEDGER_PAGE = 20;

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
  // A superuser is never charged: the stored balance (often 0) means nothing for them.
  if (user.is_superuser) add('account.credits', h('span', { i18n: 'account.unlimited' }));
  else if (user.credits !== undefined && user.credits !== null) {
    add('account.credits', formatNumber(Number(user.credits)));
  }
  return dl;
}

export default async function render(root) {
  const infoCard = h('section', { class: 'card stack', 'aria-labelledby': 'account-info-title' },
    h('h2', { id: 'account-info-title', i18n: 'account.profile' }),
    h('p', { class: 'muted', i18n: 'common.loading' }));

  const oldPw = h('input', { type: 'password', name: 'old_password', autocomplete: 'current-password' });
  const newPw = h('input', { type: 'password', name: 'new_password', autocomplete: 'new-password', minlength: String(PASSWORD_MIN) });
  const confirmPw = h('input', { type: 'password', name: 'confirm_password', autocomplete: 'new-password' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', i18n: 'account.change' });
  const done = h('p', { class: 'notice notice-success', role: 'status', hidden: true });
  const form = h('form', { class: 'card stack', novalidate: true, 'aria-labelledby': 'account-pw-title' },
    h('h2', { id: 'account-pw-title', i18n: 'account.password' }),
    field({ labelKey: 'account.oldPassword', control: oldPw, name: 'old_password' }),
    field({ labelKey: 'account.newPassword', control: newPw, name: 'new_password', hintKey: 'password.rules' }),
    field({ labelKey: 'account.confirmPassword', control: confirmPw, name: 'confirm_password' }),
    formError(), done, h('div', { class: 'form-actions' }, submit));

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(form);
    done.hidden = true;
    if (!oldPw.value) { showFormError(form, { field: 'old_password', key: 'account.required' }); return; }
    if (!newPw.value) { showFormError(form, { field: 'new_password', key: 'account.required' }); return; }
    const problem = passwordProblem(newPw.value, session.user?.username);
    if (problem) { showFormError(form, { field: 'new_password', key: problem }); return; }
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

  const credits = creditsCard();
  const keys = apiKeysCard();
  root.append(pageHeader('account.title'),
    h('div', { class: 'layout-two' }, h('div', { class: 'stack' }, infoCard, form), h('div', { class: 'stack' }, credits.el, keys.el, webhookSecretCard())));
  credits.load(1);
  keys.load();

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

function unavailable(box, err) {
  const p = h('p', { class: isMissingRoute(err) ? 'muted' : 'form-error', role: isMissingRoute(err) ? null : 'alert' });
  if (isMissingRoute(err)) tr(p, 'common.unavailable');
  else setErrorText(p, err);
  box.replaceChildren(p);
}

/** Balance (GET /credits/balance) and movements (GET /credits/ledger, paged). */
function creditsCard() {
  const balance = h('p', { class: 'balance' });
  const held = h('p', { class: 'muted small', hidden: true });
  const body = h('div', { class: 'stack' });
  const paging = pager((page) => load(page));
  const el = h('section', { class: 'card stack account-credits', 'aria-labelledby': 'account-credits-title' },
    h('h2', { id: 'account-credits-title', i18n: 'account.credits' }), balance, held,
    h('h3', { i18n: 'account.ledger' }), body, paging.el);

  async function load(page) {
    try {
      const answer = await api.get('/credits/balance');
      const value = answer?.credits ?? answer?.balance ?? answer?.data?.balance;
      balance.className = 'balance';
      if (answer?.unlimited) tr(balance, 'account.unlimited');
      else tr(balance, 'account.balance', { n: formatNumber(Number(value ?? 0)) });
      held.hidden = !answer?.held;
      if (answer?.held) tr(held, 'account.held', { n: formatNumber(Number(answer.held)) });
    } catch (err) {
      balance.className = isMissingRoute(err) ? 'muted' : 'form-error';
      if (isMissingRoute(err)) tr(balance, 'common.unavailable');
      else setErrorText(balance, err);
    }
    try {
      const answer = await api.get('/credits/ledger', { query: { page, page_size: LEDGER_PAGE } });
      const rows = listOf(answer, 'entries', 'ledger');
      body.replaceChildren(ledgerTable(rows));
      paging.set(page, LEDGER_PAGE, totalOf(answer, rows));
    } catch (err) {
      unavailable(body, err);
      paging.set(1, LEDGER_PAGE, 0);
    }
  }
  return { el, load };
}

/** A ledger page as a table (also used by the admin credits section). */
export function ledgerTable(rows) {
  return dataTable({
    rows,
    emptyKey: 'account.ledgerEmpty',
    columns: [
      { key: 'account.when', cell: (r) => when(r.created_at) },
      { key: 'account.delta', className: 'num', cell: (r) => signed(r.delta ?? r.amount) },
      { key: 'account.entryKind', cell: (r) => (has(`ledgerKind.${r.kind}`) ? t(`ledgerKind.${r.kind}`) : r.kind || '') },
      { key: 'account.reason', cell: (r) => r.reason || '' },
      { key: 'account.balanceAfter', className: 'num', cell: (r) => (r.balance_after ?? r.balance) != null ? formatNumber(Number(r.balance_after ?? r.balance)) : '' },
      { key: 'account.task', cell: (r) => r.task_id ? h('a', { href: `#/tasks/${encodeURIComponent(r.task_id)}`, class: 'mono', text: String(r.task_id) }) : '' },
    ],
  });
}

function signed(n) {
  const v = Number(n ?? 0);
  return `${v > 0 ? '+' : ''}${formatNumber(v)}`;
}

/** API keys: list, create (the key is shown once), delete. */
function apiKeysCard() {
  const list = h('div', { class: 'stack' });
  const name = h('input', { name: 'name', maxlength: '100', autocomplete: 'off' });
  const submit = h('button', { type: 'submit', class: 'btn btn-secondary', i18n: 'account.keyCreate' });
  const created = h('div', { class: 'notice notice-success stack', role: 'status', hidden: true });
  const listError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const form = h('form', { class: 'stack', novalidate: true },
    field({ labelKey: 'account.keyName', control: name, name: 'name' }), formError(),
    h('div', { class: 'form-actions' }, submit));
  const el = h('section', { class: 'card stack account-keys', 'aria-labelledby': 'account-keys-title' },
    h('h2', { id: 'account-keys-title', i18n: 'account.apiKeys' }),
    h('p', { class: 'muted', i18n: 'account.apiKeysLead' }),
    created, listError, list, form);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(form);
    if (!name.value.trim()) { showFormError(form, { field: 'name', key: 'account.required' }); return; }
    busy(submit, true);
    try {
      const answer = await api.post('/api-keys', { name: name.value.trim() });
      const key = answer?.key ?? answer?.api_key ?? answer?.token ?? answer?.data?.key ?? '';
      const code = h('code', { class: 'mono secret', text: key });
      const copy = button({
        key: 'account.copy', small: true,
        on: async () => { try { await navigator.clipboard.writeText(key); tr(copy, 'account.copied'); } catch { /* select by hand */ } },
      });
      created.replaceChildren(h('p', { i18n: 'account.keyOnce' }), code, h('div', {}, copy));
      created.hidden = false;
      name.value = '';
      load();
    } catch (err) {
      showFormError(form, isMissingRoute(err) ? { key: 'common.unavailable' } : err);
    } finally {
      busy(submit, false);
    }
  });

  async function remove(key) {
    if (!window.confirm(t('account.keyDeleteConfirm', { name: key.name || key.id }))) return;
    listError.hidden = true;
    try {
      await api.del(`/api-keys/${encodeURIComponent(key.id)}`);
      load();
    } catch (err) { setErrorText(listError, err); listError.hidden = false; }
  }

  async function load() {
    try {
      const answer = await api.get('/api-keys');
      const rows = listOf(answer, 'keys', 'api_keys');
      list.replaceChildren(dataTable({
        rows,
        emptyKey: 'account.keysEmpty',
        columns: [
          { key: 'account.keyName', cell: (r) => r.name || '' },
          { key: 'account.keyPrefix', cell: (r) => r.prefix || r.key_prefix ? h('code', { class: 'mono', text: `${r.prefix || r.key_prefix}…` }) : '' },
          { key: 'account.when', cell: (r) => when(r.created_at) },
          { key: 'account.lastUsed', cell: (r) => when(r.last_used_at) },
          { key: 'common.actions', cell: (r) => button({ key: 'task.delete', kind: 'danger', small: true, on: () => remove(r), label: t('account.keyDeleteAria', { name: r.name || r.id }) }) },
        ],
      }));
      form.hidden = false;
    } catch (err) {
      unavailable(list, err);
      form.hidden = isMissingRoute(err);
    }
  }
  return { el, load };
}
