// Admin sections about the service: try-on prompt templates, the audit log, and a
// system page (provider, queue depth, task counts, recent failures) refreshed every 10 s.
import { h } from '../dom.js';
import { tr, formatNumber } from '../i18n.js';
import { api } from '../api.js';
import { field, formError, showFormError, clearFormErrors, busy, button } from '../widgets.js';
import { listOf, totalOf, dataTable, when, pager } from '../tables.js';
import { errorText } from '../taskview.js';
import { sectionCard } from './admin-people.js';

const AUDIT_PAGE = 25;
const SYSTEM_REFRESH_MS = 10_000;

export function templatesSection(root) {
  const card = sectionCard('admin.templates', h('p', { class: 'muted', i18n: 'admin.templatesLead' }));
  root.append(card.el);
  api.get('/prompt-templates').then((answer) => {
    card.body.replaceChildren(...listOf(answer, 'templates').map(templateForm));
  }).catch((err) => card.fail(err));
}

function templateForm(template) {
  const text = h('textarea', { name: 'template', rows: '4', maxlength: '5000', value: template.template || '' });
  const submit = h('button', { type: 'submit', class: 'btn btn-secondary btn-sm', i18n: 'admin.save' });
  const saved = h('span', { class: 'muted small', role: 'status' });
  const form = h('form', { class: 'stack template-form', novalidate: true, dataset: { category: template.category } },
    field({ labelKey: `category.${template.category}`, control: text, name: 'template' }),
    formError(), h('div', { class: 'form-actions' }, submit, saved));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(form);
    saved.textContent = '';
    if (!text.value.trim()) { showFormError(form, { field: 'template', key: 'account.required' }); return; }
    busy(submit, true);
    try {
      await api.put(`/prompt-templates/${encodeURIComponent(template.category)}`, { template: text.value });
      tr(saved, 'admin.saved');
    } catch (err) { showFormError(form, err); } finally { busy(submit, false); }
  });
  return form;
}

export function auditSection(root) {
  const username = h('input', { type: 'search', name: 'username', autocomplete: 'off' });
  // The server matches the path from its start (a prefix), which the placeholder and hint say.
  const path = h('input', { type: 'search', name: 'path', autocomplete: 'off', i18nAttrs: { placeholder: 'admin.pathPlaceholder' } });
  const status = h('input', { type: 'number', name: 'status', min: '100', max: '599', inputmode: 'numeric' });
  const filters = h('form', { class: 'toolbar', role: 'search' },
    field({ labelKey: 'account.username', control: username, name: 'username' }),
    field({ labelKey: 'admin.path', control: path, name: 'path', hintKey: 'admin.pathHint' }),
    field({ labelKey: 'admin.status', control: status, name: 'status' }),
    h('button', { type: 'submit', class: 'btn btn-secondary', i18n: 'admin.search' }));
  const card = sectionCard('admin.audit', filters);
  const paging = pager((p) => load(p));
  card.el.append(paging.el);
  filters.addEventListener('submit', (ev) => { ev.preventDefault(); load(1); });

  async function load(page) {
    try {
      const answer = await api.get('/auditlog/list', {
        query: { page, page_size: AUDIT_PAGE, username: username.value.trim(), path: path.value.trim(), status: status.value },
      });
      const rows = listOf(answer, 'logs', 'entries');
      card.ok();
      card.body.replaceChildren(dataTable({
        rows,
        emptyKey: 'admin.auditEmpty',
        columns: [
          { key: 'account.when', cell: (r) => when(r.created_at || r.time) },
          { key: 'account.username', cell: (r) => r.username || '' },
          { key: 'admin.method', cell: (r) => r.method },
          { key: 'admin.path', className: 'mono', cell: (r) => r.path },
          { key: 'admin.status', className: 'num', cell: (r) => String(r.status ?? r.response_code ?? '') },
          { key: 'admin.latency', className: 'num', cell: (r) => (r.latency_ms ?? r.response_time) != null ? `${formatNumber(Number(r.latency_ms ?? r.response_time))} ms` : '' },
          { key: 'admin.client', className: 'mono', cell: (r) => r.client || r.client_address || r.ip || '' },
        ],
      }));
      paging.set(page, AUDIT_PAGE, totalOf(answer, rows));
    } catch (err) { card.fail(err); }
  }
  root.append(card.el);
  load(1);
}

/** Prometheus text → [{name, labels, value}] (no comments, no histogram buckets). */
function parseMetrics(text) {
  const out = [];
  for (const line of String(text).split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1].endsWith('_bucket')) continue;
    const labels = {};
    for (const pair of (m[3] || '').matchAll(/(\w+)="([^"]*)"/g)) labels[pair[1]] = pair[2];
    out.push({ name: m[1], labels, value: Number(m[4]) });
  }
  return out;
}

export function systemSection(root) {
  const provider = h('dl', { class: 'details' });
  const queue = h('dl', { class: 'details' });
  const failures = h('div', { class: 'stack' });
  const problems = h('div', { class: 'stack' });
  const hint = h('p', { class: 'muted small', i18n: 'admin.recentFailuresHint' });
  const updated = h('p', { class: 'muted small', role: 'status' });
  const refresh = button({ key: 'admin.refresh', small: true, on: () => load() });
  const card = sectionCard('admin.system', h('div', { class: 'card-row' }, updated, refresh));
  card.body.append(
    problems,
    h('div', { class: 'row' },
      h('section', { class: 'stack system-provider' }, h('h3', { i18n: 'admin.provider' }), provider),
      h('section', { class: 'stack system-queue' }, h('h3', { i18n: 'admin.queue' }), queue)),
    h('section', { class: 'stack system-failures' }, h('h3', { i18n: 'admin.recentFailures' }),
      hint, failures),
    h('p', {}, h('a', { href: '/docs', target: '_blank', rel: 'noopener', i18n: 'admin.docs' })));
  let timer = null;

  const put = (dl, key, value, args) => dl.append(h('dt', { i18n: key, i18nArgs: args }), h('dd', {}, value));

  async function load() {
    clearTimeout(timer);
    const [status, metrics] = await Promise.allSettled([
      api.get('/system/status'),
      api.get('/metrics', { raw: true, text: true, quiet401: true }),
    ]);
    card.ok();
    provider.replaceChildren();
    queue.replaceChildren();
    let info = status.status === 'fulfilled' ? status.value : null;
    if (!info) info = await api.get('/system/info', { auth: false }).catch(() => null); // older servers
    problems.replaceChildren(...(info?.provider_problems || []).map((p) => h('div', { class: 'alert alert-error provider-problem', role: 'alert' },
      h('strong', { i18n: 'errors.PROVIDER_QUOTA' }), ' ', h('span', { class: 'mono', text: p.model }),
      h('p', { class: 'small', text: p.provider_message || '' }))));
    if (info) {
      const emulator = info.provider === 'emulator';
      put(provider, 'admin.providerMode', h('span', {
        class: `badge ${emulator ? 'badge-queued' : 'badge-succeeded'}`, i18n: emulator ? 'admin.modeEmulator' : 'admin.modeGemini',
      }));
      put(provider, 'admin.model', h('span', { class: 'mono', text: info.default_model || '' }));
      if (info.models) put(provider, 'admin.models', h('span', { class: 'mono small', text: info.models.join(', ') }));
      if (info.spending) {
        const usd = (v) => `US$${formatNumber(v, { maximumFractionDigits: 4 })}`;
        put(provider, 'admin.listPrice', usd(info.spending.list_price_usd), { n: formatNumber(info.spending.tasks_charged) });
        put(provider, 'admin.providerCost', h('strong', { class: 'provider-cost', text: usd(info.spending.provider_cost_usd) }),
          { n: formatNumber(info.spending.tasks_with_provider_cost) });
      }
    }
    const series = metrics.status === 'fulfilled' ? parseMetrics(metrics.value) : [];
    const one = (name) => series.find((s) => s.name === name)?.value;
    const depth = info?.queue_depth ?? one('vton_queue_depth');
    if (depth !== undefined) put(queue, 'admin.queueDepth', h('strong', { class: 'queue-depth', text: formatNumber(depth) }));
    const byStatus = info?.tasks_by_status
      || Object.fromEntries(series.filter((x) => x.name === 'vton_tasks').map((x) => [x.labels.status, x.value]));
    for (const [state, n] of Object.entries(byStatus)) put(queue, `status.${state}`, formatNumber(n));
    const sum = one('vton_provider_latency_seconds_sum');
    const count = one('vton_provider_latency_seconds_count');
    if (count) put(provider, 'admin.providerLatency', `${formatNumber(sum / count, { maximumFractionDigits: 2 })} s`, { n: formatNumber(count) });
    for (const s of series.filter((x) => /^vton_provider_.*(error|fail)/.test(x.name))) {
      put(provider, 'admin.providerErrors', `${formatNumber(s.value)} ${Object.values(s.labels).join(' ')}`.trim());
    }
    await showFailures(info?.recent_failures);
    tr(updated, 'admin.updatedAt', { time: new Date().toLocaleTimeString(document.documentElement.lang) });
    timer = setTimeout(load, SYSTEM_REFRESH_MS);
  }

  /** Every user's recent failures from /system/status, else the caller's own failed tasks. */
  async function showFailures(recent) {
    let rows = recent;
    hint.hidden = Boolean(recent);
    if (!rows) {
      try { rows = (await api.tasks({ status: 'failed', limit: 10 })).tasks || []; } catch (err) { card.fail(err); return; }
      rows = rows.map((r) => ({ ...r, code: r.error?.code, message: r.error?.message }));
    }
    failures.replaceChildren(dataTable({
      rows,
      emptyKey: 'admin.noFailures',
      columns: [
        { key: 'account.when', cell: (r) => when(r.finished_at || r.created_at) },
        { key: 'admin.error', cell: (r) => errorText({ code: r.code, message: r.message }) },
        { key: 'task.attempts', className: 'num', cell: (r) => String(r.attempts ?? '') },
        { key: 'admin.model', className: 'mono', cell: (r) => r.model || '' },
        { key: 'task.id', className: 'mono small', cell: (r) => h('a', { href: `#/tasks/${encodeURIComponent(r.task_id)}`, text: String(r.task_id || '') }) },
      ],
    }));
  }
  root.append(card.el);
  load();
  return () => clearTimeout(timer);
}

