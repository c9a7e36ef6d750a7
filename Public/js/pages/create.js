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
      field({ labelKey: 'form.model', control: model.el, name: 'model' })),
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
  refs.add(state.files.reference_images || []);
  model.watch(resolution, priority);
  updateCounter();

  function keep() {
    state.values = {
      prompt: prompt.value, aspect_ratio: ratio.value, resolution: resolution.value,
      priority: priority.value(), model: model.value(),
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
      });
      progress.textContent = '';
      const task = {
        task_id: answer.task_id, status: answer.status || 'queued', prompt: text, task_type: 'generate',
        aspect_ratio: ratio.value, resolution: resolution.value, priority: priority.value(), created_at: answer.created_at,
      };
      state.tasks.unshift(task);
      saveForm(PAGE, state);
      reveal(addResult(task));
    } catch (err) {
      progress.textContent = '';
      showFormError(form, err); // the form keeps every input
    } finally {
      busy(submit, false);
    }
  });

  /** Shows a task (new, or kept from an earlier visit: then read again for its current state). */
  function addResult(task, { refresh = false } = {}) {
    const panel = taskPanel(task, {
      footer: h('p', { class: 'card-links' },
        h('a', { href: `#/tasks/${encodeURIComponent(task.task_id)}`, i18n: 'task.details' })),
    });
    if (refresh) results.append(panel.el); else results.prepend(panel.el);
    resultsSection.hidden = false;
    followTask({
      page: PAGE, state, task, watchers, show: panel.update, kept: refresh, gone: () => panel.el.remove(),
    });
    return panel.el;
  }

  root.append(
    pageHeader('create.title', 'create.lead'),
    h('div', { class: 'layout-two' }, form, resultsSection));
  state.tasks.forEach((task) => addResult(task, { refresh: true }));

  return () => watchers.stopAll();
}
