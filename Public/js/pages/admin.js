// Administration (API.md §6): users, roles, credits, prompt templates, audit log and a
// system page. Each section shows only to holders of its permission; someone with none
// gets a refusal, and the server's own 403 is what decides (the page asks it).
import { h } from '../dom.js';
import { tr } from '../i18n.js';
import { api } from '../api.js';
import { session } from '../session.js';
import { pageHeader, setErrorText } from '../widgets.js';
import { isMissingRoute } from '../tables.js';
import { usersSection, rolesSection, creditsSection } from './admin-people.js';
import { templatesSection, auditSection, systemSection } from './admin-ops.js';

const SECTIONS = [
  { id: 'users', key: 'admin.users', allowed: () => session.can('users:manage'), make: usersSection },
  { id: 'roles', key: 'admin.roles', allowed: () => session.can('roles:manage'), make: rolesSection },
  { id: 'credits', key: 'admin.credits', allowed: () => session.can('credits:manage'), make: creditsSection },
  { id: 'templates', key: 'admin.templates', allowed: () => session.can('prompt_templates:manage'), make: templatesSection },
  { id: 'audit', key: 'admin.audit', allowed: () => session.can('audit:read'), make: auditSection },
  { id: 'system', key: 'admin.system', allowed: () => session.can('system:read'), make: systemSection },
];

export default async function render(root, { query }) {
  if (!session.user) await session.load();
  const open = SECTIONS.filter((s) => s.allowed());
  if (!open.length) {
    root.append(pageHeader('admin.title'), await refusal());
    return undefined;
  }

  const wanted = query.get('tab');
  const current = open.find((s) => s.id === wanted) || open[0];
  const tabs = h('nav', { class: 'tabs', i18nAttrs: { 'aria-label': 'admin.sections' } },
    h('ul', { role: 'list' }, open.map((s) => h('li', {},
      h('a', {
        href: `#/admin?tab=${s.id}`, class: 'tab', i18n: s.key,
        'aria-current': s === current ? 'page' : null,
      })))));
  const panel = h('div', { class: `admin-section admin-${current.id}` });
  root.append(pageHeader('admin.title', 'admin.lead'), tabs, panel);
  const stop = current.make(panel);
  return typeof stop === 'function' ? stop : undefined;
}

/** The page for someone without admin permissions: says so, with the server's answer. */
async function refusal() {
  const detail = h('p', { class: 'muted' });
  const box = h('div', { class: 'card stack admin-forbidden', role: 'alert' },
    h('p', { i18n: 'admin.forbidden' }), detail);
  try {
    await api.get('/user/list', { query: { page: 1, page_size: 1 } });
  } catch (err) {
    if (err.status === 403) tr(detail, 'admin.forbiddenServer', { status: err.status });
    else if (!isMissingRoute(err)) setErrorText(detail, err);
  }
  return box;
}
