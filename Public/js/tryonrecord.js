// A try-on's record on its task page: the person and garments it was made from (the task's
// `inputs`), and the other try-ons of the same person side by side, so a team compares garments
// on one model at a glance.
import { h } from './dom.js';
import { t, has } from './i18n.js';
import { api } from './api.js';
import { images, personInput } from './taskview.js';

const SAME_PERSON_SHOWN = 12;

/** The task's input images, labelled by role: {el} (hidden when it has none). */
export function inputsCard(task) {
  const inputs = task.inputs || [];
  const list = h('ul', { class: 'input-list' }, inputs.map((input, i) => {
    const garmentNo = inputs.slice(0, i + 1).filter((x) => x.role === 'garment').length;
    const label = input.role === 'garment' ? t('record.garmentN', { n: garmentNo })
      : t(input.role === 'person' ? 'record.person' : 'record.reference', { n: i + 1 });
    return h('li', { class: 'input-item', dataset: { role: input.role } },
      h('a', { href: input.url, target: '_blank', rel: 'noopener' },
        h('img', { src: input.thumbnail_url, alt: label, loading: 'lazy' })),
      h('span', { class: 'small muted', text: label }));
  }));
  const el = h('section', { class: 'card stack inputs-card', hidden: !inputs.length, 'aria-labelledby': 'task-inputs-title' },
    h('h2', { id: 'task-inputs-title', i18n: 'record.inputs' }), list);
  return { el };
}

/** Every try-on of this task's person (the server matches re-uploads of the same photo). */
export function samePersonCard(task) {
  const person = personInput(task);
  const grid = h('div', { class: 'same-person-grid' });
  const title = h('h2', { id: 'same-person-title' });
  const all = h('a', { class: 'btn btn-ghost btn-sm', i18n: 'record.allOfPerson' });
  const el = h('section', { class: 'card stack same-person', hidden: true, 'aria-labelledby': 'same-person-title' },
    h('div', { class: 'card-row' }, title, all), grid);

  async function load() {
    if (!person) return;
    let answer;
    try {
      answer = await api.tasks({ person: person.file_id, limit: SAME_PERSON_SHOWN });
    } catch { return; } // an extra view: the page stands without it
    const tasks = answer.tasks || [];
    if (tasks.length < 2) return;
    title.textContent = t('record.samePerson', { n: answer.total });
    title.dataset.i18n = 'record.samePerson';
    title.dataset.i18nArgs = JSON.stringify({ n: answer.total });
    all.href = `#/history?person=${encodeURIComponent(person.file_id)}`;
    // Oldest first, as the garments were tried.
    grid.replaceChildren(...tasks.slice().reverse().map((tk) => figure(tk, tk.task_id === task.task_id)));
    el.hidden = false;
  }

  function figure(tk, current) {
    const result = images(tk)[0];
    const category = has(`category.${tk.tryon_category}`) ? t(`category.${tk.tryon_category}`) : '';
    const picture = result
      ? h('img', { src: result.thumbnail_url || result.url, alt: category, loading: 'lazy' })
      : h('span', { class: 'thumb-placeholder', i18n: `status.${tk.status}` });
    const garments = (tk.inputs || []).filter((input) => input.role === 'garment');
    return h('figure', { class: `same-person-item${current ? ' is-current' : ''}`, dataset: { taskId: tk.task_id } },
      h('a', { href: `#/tasks/${encodeURIComponent(tk.task_id)}`, 'aria-current': current ? 'page' : null }, picture),
      h('figcaption', { class: 'small' }, h('span', { text: category }),
        h('span', { class: 'garment-strip' }, garments.map((g) => h('img', { src: g.thumbnail_url, alt: '', loading: 'lazy' })))));
  }

  return { el, load };
}
