// Create (text to image): prompt, ratio, resolution, optional references; the task
// is followed live and its images shown with download links. The form and its tasks are
// kept for the session (formstate.js), so leaving the page loses nothing.
import { h, reveal } from '../dom.js';
import { tr } from '../i18n.js';
import { api } from '../api.js';
import { imagePicker, uploadAll } from '../uploader.js';
import { watcherSet } from '../taskwatch.js';
import { taskPanel } from '../taskview.js';
import { modelPicker } from '../models.js';
import { loadForm, saveForm, followTask } from '../formstate.js';
import {
  ASPECT_RATIOS, RESOLUTIONS, field, select, formError, showFormError, clearFormErrors,
  busy, pageHeader, priorityFieldset, submitOnCtrlEnter,
} from '../widgets.js';

const PAGE = 'create';
const MAX_PROMPT = 5000;
const MAX_REFERENCES = 14;
const VARIATIONS = ['1', '2', '3', '4'];

export default function render(root) {
  const watchers = watcherSet();
  const state = loadForm(PAGE);
  const prompt = h('textarea', {
    name: 'prompt', rows: '5', maxlength: String(MAX_PROMPT), required: true,
    i18nAttrs: { placeholder: 'create.promptPlaceholder' },
  });
  const counter = h('p', { class: 'field-hint counter', 'aria-live': 'polite' });
  const updateCounter = () => tr(counter, 'create.counter', { n: prompt.value.length, max: MAX_PROMPT });
  prompt.addEventListener('input', updateCounter);

  const ratio = select({ name: 'aspect_ratio', values: ASPECT_RATIOS, value: '1:1' });
  const resolution = select({ name: 'resolution', values: RESOLUTIONS, value: '1K' });
  const count = select({ name: 'n', values: VARIATIONS, value: '1' });
  const refs = imagePicker({
    name: 'reference_images', labelKey: 'create.references', hintKey: 'create.referencesHint',
    multiple: true, max: MAX_REFERENCES,
  });
  const priority = priorityFieldset();
  const model = modelPicker();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', i18n: 'create.submit' });
  const progress = h('p', { class: 'muted', role: 'status' });

  const promptField = field({ labelKey: 'create.prompt', control: prompt, name: 'prompt', hintKey: 'form.submitHint' });
  promptField.insertBefore(counter, promptField.querySelector('.field-error'));

  const form = h('form', { class: 'card stack create-form', novalidate: true },
    promptField,
    h('div', { class: 'row' },
      field({ labelKey: 'form.aspectRatio', control: ratio, name: 'aspect_ratio' }),
      field({ labelKey: 'form.resolution', control: resolution, name: 'resolution' }),
      field({ labelKey: 'form.model', control: model.el, name: 'model' }),
      field({ labelKey: 'create.variations', control: count, name: 'n' })),
    model.price,
    priority.el,
    refs.el,
    formError(),
    h('div', { class: 'form-actions' }, submit, progress));
  submitOnCtrlEnter(form);

  const { values } = state;
  if (values.prompt) prompt.value = values.prompt;
  if (values.aspect_ratio) ratio.value = values.aspect_ratio;
  if (values.resolution) resolution.value = values.resolution;
  if (values.priority) priority.set(values.priority);
  if (values.model) model.set(values.model);
  if (VARIATIONS.includes(values.n)) count.value = values.n;
  refs.add(state.files.reference_images || []);
  model.watch(resolution, priority, count);
  updateCounter();

  function keep() {
    state.values = {
      prompt: prompt.value, aspect_ratio: ratio.value, resolution: resolution.value,
      priority: priority.value(), model: model.value(), n: count.value,
    };
    state.files = { reference_images: refs.files() };
    saveForm(PAGE, state);
  }
  form.addEventListener('input', keep);
  form.addEventListener('change', keep);

  const results = h('div', { class: 'stack results' });
  const resultsSection = h('section', { class: 'stack', 'aria-labelledby': 'create-results-title', hidden: true },
    h('h2', { id: 'create-results-title', i18n: 'create.results' }), results);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(form);
    const text = prompt.value.trim();
    if (!text) {
      showFormError(form, { field: 'prompt', key: 'create.promptRequired' });
      return;
    }
    busy(submit, true);
    try {
      const files = refs.files();
      let references = [];
      if (files.length) {
        tr(progress, 'upload.progress', { done: 0, total: files.length });
        try {
          references = await uploadAll(files, (done, total) => tr(progress, 'upload.progress', { done, total }));
        } catch (err) {
          err.field = 'reference_images';
          throw err;
        }
      }
      tr(progress, 'create.submitting');
      const answer = await api.generate({
        prompt: text,
        reference_images: references,
        aspect_ratio: ratio.value,
        resolution: resolution.value,
        priority: priority.value(),
        ...(model.value() ? { model: model.value() } : {}),
        ...(count.value !== '1' ? { n: Number(count.value) } : {}),
      });
      progress.textContent = '';
      const ids = answer.task_ids?.length ? answer.task_ids : [answer.task_id];
      const group = ids.length > 1 ? ids[0] : null;
      const tasks = ids.map((id, i) => ({
        task_id: id, status: answer.status || 'queued', prompt: text, task_type: 'generate',
        aspect_ratio: ratio.value, resolution: resolution.value, priority: priority.value(), created_at: answer.created_at,
        variation_group_id: group, variation_index: group ? i : null,
      }));
      state.tasks.unshift(...tasks);
      saveForm(PAGE, state);
      reveal(addGroup(tasks));
    } catch (err) {
      progress.textContent = '';
      showFormError(form, err); // the form keeps every input
    } finally {
      busy(submit, false);
    }
  });

  /**
   * Shows the tasks of one request (new, or kept from an earlier visit: then read again for
   * their current state); the variations of one prompt side by side in a grid.
   */
  function addGroup(tasks, { refresh = false } = {}) {
    const box = tasks.length > 1 ? h('div', { class: 'variation-grid', dataset: { group: tasks[0].variation_group_id } }) : null;
    const panels = tasks.map((task) => {
      const panel = taskPanel(task, {
        footer: h('p', { class: 'card-links' },
          h('a', { href: `#/tasks/${encodeURIComponent(task.task_id)}`, i18n: 'task.details' })),
      });
      followTask({
        page: PAGE, state, task, watchers, show: panel.update, kept: refresh, gone: () => panel.el.remove(),
      });
      return panel.el;
    });
    const el = box ? (box.append(...panels), box) : panels[0];
    if (refresh) results.append(el); else results.prepend(el);
    resultsSection.hidden = false;
    return el;
  }

  /** Kept tasks, newest first, with each request's variations together again. */
  function requests(tasks) {
    const groups = [];
    for (const task of tasks) {
      const last = groups[groups.length - 1];
      if (task.variation_group_id && last?.[0].variation_group_id === task.variation_group_id) last.push(task);
      else groups.push([task]);
    }
    return groups;
  }

  root.append(
    pageHeader('create.title', 'create.lead'),
    h('div', { class: 'layout-two' }, form, resultsSection));
  requests(state.tasks).forEach((tasks) => addGroup(tasks, { refresh: true }));

  return () => watchers.stopAll();
}
