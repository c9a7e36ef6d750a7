// Create (text to image): prompt, ratio, resolution, optional references; the task
// is followed live and its images shown with download links.
import { h } from '../dom.js';
import { tr } from '../i18n.js';
import { api } from '../api.js';
import { imagePicker, uploadAll } from '../uploader.js';
import { watcherSet } from '../taskwatch.js';
import { taskPanel } from '../taskview.js';
import { modelPicker } from '../models.js';
import {
  ASPECT_RATIOS, RESOLUTIONS, field, select, formError, showFormError, clearFormErrors,
  busy, pageHeader, priorityFieldset,
} from '../widgets.js';

const MAX_PROMPT = 5000;
const MAX_REFERENCES = 14;

export default function render(root) {
  const watchers = watcherSet();
  const prompt = h('textarea', {
    name: 'prompt', rows: '5', maxlength: String(MAX_PROMPT), required: true,
    i18nAttrs: { placeholder: 'create.promptPlaceholder' },
  });
  const counter = h('p', { class: 'field-hint counter', 'aria-live': 'polite' });
  const updateCounter = () => tr(counter, 'create.counter', { n: prompt.value.length, max: MAX_PROMPT });
  prompt.addEventListener('input', updateCounter);
  updateCounter();

  const ratio = select({ name: 'aspect_ratio', values: ASPECT_RATIOS, value: '1:1' });
  const resolution = select({ name: 'resolution', values: RESOLUTIONS, value: '1K' });
  const refs = imagePicker({
    name: 'reference_images', labelKey: 'create.references', hintKey: 'create.referencesHint',
    multiple: true, max: MAX_REFERENCES,
  });
  const priority = priorityFieldset();
  const model = modelPicker();
  model.watch(resolution, priority);
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', i18n: 'create.submit' });
  const progress = h('p', { class: 'muted', role: 'status' });

  const promptField = field({ labelKey: 'create.prompt', control: prompt, name: 'prompt' });
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
      addResult({
        task_id: answer.task_id, status: answer.status || 'queued', prompt: text,
        aspect_ratio: ratio.value, resolution: resolution.value, priority: priority.value(), created_at: answer.created_at,
      });
    } catch (err) {
      progress.textContent = '';
      showFormError(form, err); // the form keeps every input
    } finally {
      busy(submit, false);
    }
  });

  function addResult(task) {
    const panel = taskPanel(task, {
      footer: h('p', { class: 'card-links' },
        h('a', { href: `#/tasks/${encodeURIComponent(task.task_id)}`, i18n: 'task.details' })),
    });
    results.prepend(panel.el);
    resultsSection.hidden = false;
    watchers.watch(task, panel.update);
    panel.el.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }

  root.append(
    pageHeader('create.title', 'create.lead'),
    h('div', { class: 'layout-two' }, form, resultsSection));

  return () => watchers.stopAll();
}
