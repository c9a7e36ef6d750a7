// A shared result, open to anyone holding the link (GET /api/v1/shared/{token}, no login):
// the images and their prompt, or why the link no longer shows them.
import { h } from '../dom.js';
import { t, has, setDate } from '../i18n.js';
import { request } from '../api.js';
import { emulatorMark } from '../taskview.js';

export default async function render(root, { params }) {
  const title = h('h1', { i18n: 'shared.title' });
  root.append(h('header', { class: 'page-header' }, title));
  let shared;
  try {
    shared = await request('GET', `/shared/${encodeURIComponent(params.token)}`, { auth: false });
  } catch (err) {
    // Expired and revoked links say so; anything else reads as a link that does not exist.
    const key = err.status === 410 && err.code === 'SHARE_REVOKED' ? 'shared.revoked'
      : err.status === 410 ? 'shared.expired' : err.status === 404 ? 'shared.notFound' : 'shared.failed';
    root.append(h('section', { class: 'card empty shared-gone', role: 'alert' },
      h('p', { i18n: key }), h('p', { class: 'muted small', i18n: 'shared.askOwner' })));
    return undefined;
  }
  const category = shared.tryon_category && has(`category.${shared.tryon_category}`) ? t(`category.${shared.tryon_category}`) : '';
  root.append(h('section', { class: 'card stack shared-task' },
    h('p', { class: 'task-prompt', text: [category, shared.prompt].filter(Boolean).join(' · ') }),
    h('div', { class: 'result-images' }, (shared.images || []).map((img, i) => h('figure', { class: 'result-figure' },
      emulatorMark(),
      h('img', { src: img.url, alt: t('task.resultAlt', { n: i + 1 }), width: img.width || null, height: img.height || null })))),
    h('p', { class: 'muted small' }, h('span', { i18n: 'share.expires' }), ' ', setDate(h('time'), shared.expires_at))));
  return undefined;
}
