// Try-on studio: person photo + garments, category, ratio, resolution, priority and
// an optional prompt; the result is shown beside the inputs with a before/after slider.
import { h } from '../dom.js';
import { tr } from '../i18n.js';
import { api } from '../api.js';
import { imagePicker, uploadAll } from '../uploader.js';
import { watcherSet } from '../taskwatch.js';
import { taskPanel, images, downloadLink, emulatorMark } from '../taskview.js';
import { compareSlider } from '../compare.js';
import { modelPicker } from '../models.js';
import {
  ASPECT_RATIOS, RESOLUTIONS, field, select, formError, showFormError, clearFormErrors,
  busy, pageHeader, priorityFieldset,
} from '../widgets.js';

const CATEGORIES = ['tops', 'bottoms', 'dresses', 'outerwear', 'shoes', 'accessories', 'full_outfit'];
const DEFAULT_PROMPT = 'Virtual try-on';
const MAX_GARMENTS = 4;

export default function render(root) {
  const watchers = watcherSet();
  const objectUrls = [];
  const person = imagePicker({ name: 'person_image', labelKey: 'tryon.person', hintKey: 'tryon.personHint' });
  const garments = imagePicker({
    name: 'garment_images', labelKey: 'tryon.garments', hintKey: 'tryon.garmentsHint', multiple: true, max: MAX_GARMENTS,
  });
  const category = select({ name: 'category', values: CATEGORIES, value: 'tops', labelPrefix: 'category' });
  const ratio = select({ name: 'aspect_ratio', values: ASPECT_RATIOS, value: '3:4' });
  const resolution = select({ name: 'resolution', values: RESOLUTIONS, value: '1K' });
  const priority = priorityFieldset();
  const model = modelPicker();
  model.watch(resolution, priority);
  const prompt = h('textarea', {
    name: 'prompt', rows: '3', maxlength: '5000', i18nAttrs: { placeholder: 'tryon.promptPlaceholder' },
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', i18n: 'tryon.submit' });
  const progress = h('p', { class: 'muted', role: 'status' });

  const form = h('form', { class: 'card stack tryon-form', novalidate: true },
    person.el, garments.el,
    field({ labelKey: 'form.category', control: category, name: 'category' }),
    h('div', { class: 'row' },
      field({ labelKey: 'form.aspectRatio', control: ratio, name: 'aspect_ratio' }),
      field({ labelKey: 'form.resolution', control: resolution, name: 'resolution' }),
      field({ labelKey: 'form.model', control: model.el, name: 'model' })),
    model.price,
    priority.el,
    field({ labelKey: 'tryon.prompt', control: prompt, name: 'prompt', optional: true }),
    formError(),
    h('div', { class: 'form-actions' }, submit, progress));

  const stage = h('div', { class: 'stack' });
  const empty = h('div', { class: 'card empty' }, h('p', { class: 'muted', i18n: 'tryon.empty' }));
  const output = h('section', { class: 'stack tryon-output', 'aria-labelledby': 'tryon-result-title' },
    h('h2', { id: 'tryon-result-title', i18n: 'tryon.result' }), empty, stage);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFormErrors(form);
    const personFile = person.files()[0];
    const garmentFiles = garments.files();
    if (!personFile) { showFormError(form, { field: 'person_image', key: 'tryon.personRequired' }); return; }
    if (!garmentFiles.length) { showFormError(form, { field: 'garment_images', key: 'tryon.garmentRequired' }); return; }
    busy(submit, true);
    try {
      const total = 1 + garmentFiles.length;
      const report = (done) => tr(progress, 'upload.progress', { done, total });
      report(0);
      let personUrl;
      let garmentUrls;
      try {
        [personUrl] = await uploadAll([personFile], () => report(1));
      } catch (err) { err.field = 'person_image'; throw err; }
      try {
        garmentUrls = await uploadAll(garmentFiles, (done) => report(1 + done));
      } catch (err) { err.field = 'garment_images'; throw err; }
      tr(progress, 'create.submitting');
      const text = prompt.value.trim() || DEFAULT_PROMPT;
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
      const before = URL.createObjectURL(personFile);
      objectUrls.push(before);
      showTask({
        task_id: answer.task_id, status: answer.status || 'queued', task_type: 'tryon', prompt: text,
        aspect_ratio: ratio.value, resolution: resolution.value, created_at: answer.created_at,
      }, before);
    } catch (err) {
      progress.textContent = '';
      if (/garment/.test(err.field || '')) err.field = 'garment_images';
      showFormError(form, err); // a 422 for try-on (not supported yet) lands in the form box
    } finally {
      busy(submit, false);
    }
  });

  function showTask(task, beforeUrl) {
    empty.hidden = true;
    const compareBox = h('div', { class: 'card compare-card', hidden: true });
    const panel = taskPanel(task, {
      onImages(done) {
        const list = images(done);
        const slider = compareSlider({ beforeUrl, afterUrl: list[0].url });
        compareBox.replaceChildren(emulatorMark(), slider.el,
          h('div', { class: 'card-actions' }, list.map((img, i) => downloadLink(done, img, i)),
            h('a', { class: 'btn btn-ghost btn-sm', href: `#/tasks/${encodeURIComponent(done.task_id)}`, i18n: 'task.details' })));
        compareBox.hidden = false;
      },
    });
    const box = h('div', { class: 'stack' }, compareBox, panel.el);
    stage.prepend(box);
    watchers.watch(task, panel.update);
    box.scrollIntoView({ behavior: 'smooth', block: 'nearest' });
  }

  root.append(
    pageHeader('tryon.title', 'tryon.lead'),
    h('div', { class: 'layout-two' }, form, output));

  return () => {
    watchers.stopAll();
    objectUrls.forEach((u) => URL.revokeObjectURL(u));
  };
}
