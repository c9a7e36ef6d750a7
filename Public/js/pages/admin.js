// Admin (superusers): links to the API docs and an optional look at /metrics.
import { h } from '../dom.js';
import { api } from '../api.js';
import { session } from '../session.js';
import { pageHeader, button, setErrorText } from '../widgets.js';

const METRIC_LINES = 400;

export default async function render(root) {
  if (!session.user) await session.load();
  if (!session.isAdmin) {
    root.append(pageHeader('admin.title'),
      h('div', { class: 'card' }, h('p', { class: 'muted', i18n: 'admin.forbidden' })));
    return undefined;
  }

  const output = h('pre', { class: 'metrics', tabindex: '0', hidden: true, i18nAttrs: { 'aria-label': 'admin.metrics' } });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const load = button({
    key: 'admin.loadMetrics',
    on: async () => {
      error.hidden = true;
      try {
        const text = await api.get('/metrics', { raw: true, text: true, quiet401: true });
        const lines = String(text).split('\n').filter((l) => l && !l.startsWith('#'));
        output.textContent = lines.slice(0, METRIC_LINES).join('\n');
        output.hidden = false;
      } catch (err) {
        setErrorText(error, err);
        error.hidden = false;
      }
    },
  });

  root.append(
    pageHeader('admin.title', 'admin.lead'),
    h('div', { class: 'layout-two' },
      h('section', { class: 'card stack', 'aria-labelledby': 'admin-links-title' },
        h('h2', { id: 'admin-links-title', i18n: 'admin.links' }),
        h('ul', { class: 'link-list', role: 'list' },
          h('li', {}, h('a', { href: '/docs', target: '_blank', rel: 'noopener', i18n: 'admin.docs' })),
          h('li', {}, h('a', { href: '/openapi.json', target: '_blank', rel: 'noopener', i18n: 'admin.openapi' })))),
      h('section', { class: 'card stack', 'aria-labelledby': 'admin-metrics-title' },
        h('h2', { id: 'admin-metrics-title', i18n: 'admin.metrics' }),
        h('p', { class: 'muted', i18n: 'admin.metricsHint' }),
        h('div', {}, load), error, output)));
  return undefined;
}
