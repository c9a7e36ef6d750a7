// Try-on studio: person photo + garments, category, ratio, resolution, priority and
// an optional prompt; the result is shown beside the inputs with a before/after slider.
// The output ratio follows the person photo's shape, so "before" and "after" line up;
// the form and its tasks are kept for the session (formstate.js).
import { h, reveal } from '../dom.js';
import { tr } from '../i18n.js';
import { api } from '../api.js';
import { imagePicker, uploadAll } from '../uploader.js';
import { watcherSet } from '../taskwatch.js';
import { taskPanel, images, downloadLink, emulatorMark, personInput, TRYON_DEFAULT_PROMPT } from '../taskview.js';
import { compareSlider } from '../compare.js';
import { modelPicker } from '../models.js';
import { loadForm, saveForm, followTask } from '../formstate.js';
import {
  ASPECT_RATIOS, RESOLUTIONS, field, select, formError, showFormError, clearFormErrors,
  busy, pageHeader, priorityFieldset, nearestRatio, submitOnCtrlEnter,
} from '../widgets.js';

const PAGE = 'tryon';
const CATEGORIES = ['tops', 'bottoms', 'dresses', 'outerwear', 'shoes', 'accessories', 'full_outfit'];
const MAX_GARMENTS = 4;

/** The picked photo's pixel size, or null when the browser cannot decode it (HEIC). */
async function pixelSize(url) {
  const img = new Image();
  img.src = url;
  try { await img.decode(); } catch { return null; }
  return { width: img.naturalWidth, height: img.naturalHeight };
}

export default function render(root) {
  const watchers = watcherSet();
  const state = loadForm(PAGE);
  const person = imagePicker({ name: 'person_image', labelKey: 'tryon.person', hintKey: 'tryon.personHint' });
  const garments = imagePicker({
    name: 'garment_images', labelKey: 'tryon.garments', hintKey: 'tryon.garmentsHint', multiple: true, max: MAX_GARMENTS,
  });
  const category = select({ name: 'category', values: CATEGORIES, value: 'tops', labelPrefix: 'category' });
  const ratio = select({ name: 'aspect_ratio', values: ASPECT_RATIOS, value: '3:4' });
  const resolution = select({ name: 'resolution', values: RESOLUTIONS, value: '1K' });
  const priority = priorityFieldset();
  const model = modelPicker();
  const prompt = h('textarea', {
    name: 'prompt', rows: '3', maxlength: '5000', i18nAttrs: { placeholder: 'tryon.promptPlaceholder' },
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', i18n: 'tryon.submit' });
  const progress = h('p', { class: 'muted', role: 'status' });

  const form = h('form', { class: 'card stack tryon-form', novalidate: true },
    person.el, garments.el,
    field({ labelKey: 'form.category', control: category, name: 'category' }),
    h('div', { class: 'row' },
      field({ labelKey: 'form.aspectRatio', control: ratio, name: 'aspect_ratio', hintKey: 'tryon.ratioHint' }),
      field({ labelKey: 'form.resolution', control: resolution, name: 'resolution' }),
      field({ labelKey: 'form.model', control: model.el, name: 'model' })),
    model.price,
    priority.el,
    field({ labelKey: 'tryon.prompt', control: prompt, name: 'prompt', optional: true, hintKey: 'form.submitHint' }),
    formError(),
    h('div', { class: 'form-actions' }, submit, progress));
  submitOnCtrlEnter(form);

  const { values } = state;
  for (const [name, control] of Object.entries({ category, aspect_ratio: ratio, resolution, prompt })) {
    if (values[name]) control.value = values[name];
  }
  if (values.priority) priority.set(values.priority);
  if (values.model) model.set(values.model);
  person.add(state.files.person_image || []);
  garments.add(state.files.garment_images || []);
  model.watch(resolution, priority);

  // A newly chosen person photo sets the output ratio to its own shape (changeable after).
  let personFile = person.files()[0];
  person.onChange(async ([file]) => {
    if (!file || file === personFile) return;
    personFile = file;
    const size = await pixelSize(person.previewUrl(0));
    if (size && file === personFile) {
      ratio.value = nearestRatio(size.width, size.height);
      keep();
    }
  });

  function keep() {
    state.values = {
      category: category.value, aspect_ratio: ratio.value, resolution: resolution.value, prompt: prompt.value,
      priority: priority.value(), model: model.value(),
    };
    state.files = { person_image: person.files(), garment_images: garments.files() };
    saveForm(PAGE, state);
  }
  form.addEventListener('input', keep);
  form.addEventListener('change', keep);

  const stage = h('div', { class: 'stack' });
  const empty = h('div', { class: 'card empty' }, h('p', { class: 'muted', i18n: 'tryon.empty' }));
  const output = h('section', { class: 'stack tryon-output', 'aria-labelledby': 'tryon-result-title' },
    h('h2', { id: 'tryon-result-title', i18n: 'tryon.result' }), empty, stage);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(form);
    const chosen = person.files()[0];
    const garmentFiles = garments.files();
    if (!chosen) { showFormError(form, { field: 'person_image', key: 'tryon.personRequired' }); return; }
    if (!garmentFiles.length) { showFormError(form, { field: 'garment_images', key: 'tryon.garmentRequired' }); return; }
    busy(submit, true);
    try {
      const total = 1 + garmentFiles.length;
      const report = (done) => tr(progress, 'upload.progress', { done, total });
      report(0);
      let personUrl;
      let garmentUrls;
      try {
        [personUrl] = await uploadAll([chosen], () => report(1));
      } catch (err) { err.field = 'person_image'; throw err; }
      try {
        garmentUrls = await uploadAll(garmentFiles, (done) => report(1 + done));
      } catch (err) { err.field = 'garment_images'; throw err; }
      tr(progress, 'create.submitting');
      const text = prompt.value.trim() || TRYON_DEFAULT_PROMPT;
      const body = {
        task_type: 'tryon',
        prompt: text,
        tryon: {
          person_image: personUrl,
          garment_image: garmentUrls[0],
          garment_images: garmentUrls,
          category: category.value,
        },
        aspect_ratio: ratio.value,
        resolution: resolution.value,
        priority: priority.value(),
        ...(model.value() ? { model: model.value() } : {}),
      };
      const answer = await api.generate(body);
      progress.textContent = '';
      // The object URL lives as long as this document: coming back to the page still finds it.
      const task = {
        task_id: answer.task_id, status: answer.status || 'queued', task_type: 'tryon', prompt: text,
        tryon_category: category.value, aspect_ratio: ratio.value, resolution: resolution.value,
        created_at: answer.created_at, before: URL.createObjectURL(chosen),
      };
      state.tasks.unshift(task);
      saveForm(PAGE, state);
      reveal(showTask(task));
    } catch (err) {
      progress.textContent = '';
      if (/garment/.test(err.field || '')) err.field = 'garment_images';
      showFormError(form, err); // a 422 for try-on (not supported yet) lands in the form box
    } finally {
      busy(submit, false);
    }
  });

  function showTask(task, { refresh = false } = {}) {
    empty.hidden = true;
    const compareBox = h('div', { class: 'card compare-card', hidden: true });
    const panel = taskPanel(task, {
      onImages(done) {
        // Kept across a reload, the local photo is gone; the task's own record has it.
        const before = task.before || personInput(done)?.url;
        if (!before) return;
        const list = images(done);
        const slider = compareSlider({ beforeUrl: before, after: list[0] });
        compareBox.replaceChildren(emulatorMark(), slider.el,
          h('div', { class: 'card-actions' }, list.map((img, i) => downloadLink(done, img, i)),
            h('a', { class: 'btn btn-ghost btn-sm', href: `#/tasks/${encodeURIComponent(done.task_id)}`, i18n: 'task.details' })));
        compareBox.hidden = false;
      },
    });
    const box = h('div', { class: 'stack' }, compareBox, panel.el);
    if (refresh) stage.append(box); else stage.prepend(box);
    followTask({
      page: PAGE, state, task, watchers, show: panel.update, kept: refresh, gone: () => box.remove(),
    });
    return box;
  }

  root.append(
    pageHeader('tryon.title', 'tryon.lead'),
    h('div', { class: 'layout-two' }, form, output));
  state.tasks.forEach((task) => showTask(task, { refresh: true }));

  return () => watchers.stopAll();
}
