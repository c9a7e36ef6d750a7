// One task: GET /api/v1/images/tasks/{id}, all its fields, full images with
// downloads, live status, and retry / cancel / delete / remix (its settings into the form).
import { h } from '../dom.js';
import { t, tr, setDate, formatNumber } from '../i18n.js';
import { api } from '../api.js';
import { watchTask } from '../taskwatch.js';
import { taskPanel, images, personInput, TRYON_DEFAULT_PROMPT } from '../taskview.js';
import { remixInto, loadForm } from '../formstate.js';
import { compareSlider } from '../compare.js';
import { button, setErrorText, TERMINAL } from '../widgets.js';
import { webhookLogCard } from '../webhooks.js';
import { inputsCard, samePersonCard } from '../tryonrecord.js';
import { shareCard } from '../shares.js';

function row(key, value) {
  return [h('dt', { i18n: key }), h('dd', {}, value)];
}

export default async function render(root, { params }) {
  const id = params.id;
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const back = h('a', { href: '#/history', class: 'back-link', i18n: 'task.back' });
  const title = h('h1', { i18n: 'task.title' });
  root.append(h('header', { class: 'page-header' }, back, title), error);

  const showError = (err) => { setErrorText(error, err); error.hidden = false; };

  let task;
  try {
    task = await api.task(id);
  } catch (err) {
    if (err.status === 404) tr(error, 'task.notFound');
    else setErrorText(error, err);
    error.hidden = false;
    return undefined;
  }

  const details = h('dl', { class: 'details' });
  const retry = button({ key: 'task.retry', on: onRetry });
  const cancel = button({ key: 'task.cancel', on: onCancel });
  const del = button({ key: 'task.delete', kind: 'danger', on: onDelete });
  const remix = button({ key: 'task.remix', on: onRemix });
  // A try-on's person photo is among its inputs; a task made in this session also has it at hand.
  const before = personInput(task)?.url || loadForm('tryon').tasks.find((tk) => tk.task_id === task.task_id)?.before;
  const compareBox = h('div', { class: 'card compare-card', hidden: true });
  const panel = taskPanel(task, {
    onImages(done) {
      if (!before) return;
      compareBox.replaceChildren(compareSlider({ beforeUrl: before, after: images(done)[0] }).el);
      compareBox.hidden = false;
    },
  });
  const webhooks = webhookLogCard(id);
  const inputs = inputsCard(task);
  const samePerson = samePersonCard(task);
  const share = shareCard(id);

  function fill(tk) {
    const typeKey = tk.task_type === 'tryon' ? 'task.typeTryon' : 'task.typeGenerate';
    const dates = ['created_at', 'started_at', 'finished_at'].map((k) => setDate(h('time'), tk[k]));
    details.replaceChildren(...[
      row('task.id', h('span', { class: 'mono', text: tk.task_id })),
      row('task.type', h('span', { i18n: typeKey })),
      tk.tryon_category ? row('form.category', h('span', { i18n: `category.${tk.tryon_category}` })) : [],
      row('form.aspectRatio', tk.aspect_ratio || '—'),
      row('form.resolution', tk.resolution || '—'),
      row('form.priority', tk.priority ? h('span', { i18n: `priority.${tk.priority}` }) : '—'),
      tk.variation_group_id ? row('task.variation', h('span', { i18n: 'task.variationN', i18nArgs: { n: (tk.variation_index ?? 0) + 1 } })) : [],
      tk.batch_id ? row('task.batch', h('a', { href: `#/batch/${encodeURIComponent(tk.batch_id)}`, text: tk.batch_id })) : [],
      // The server writes the count when the task ends; until then it would read 0.
      row('task.attempts', TERMINAL.has(tk.status) ? String(tk.attempts ?? '—') : h('span', { i18n: 'task.attemptsRunning' })),
      row('admin.model', h('span', { class: 'mono', text: tk.model || '—' })),
      tk.cost_usd ? row('task.charged', `US$${formatNumber(tk.cost_usd, { maximumFractionDigits: 4 })}`) : [],
      tk.provider ? row('task.providerCost', h('span', { class: 'provider-cost' },
        `US$${formatNumber(tk.provider.cost_usd, { maximumFractionDigits: 4 })} `,
        h('span', { class: 'muted small', i18n: 'task.tokens', i18nArgs: {
          prompt: formatNumber(tk.provider.prompt_tokens), image: formatNumber(tk.provider.image_tokens),
          text: formatNumber(tk.provider.text_tokens + tk.provider.thought_tokens),
        } }))) : [],
      tk.provider?.unanswered_calls ? row('task.unanswered', h('span', { class: 'unanswered-warning', i18n: 'task.unansweredNote',
        i18nArgs: { n: String(tk.provider.unanswered_calls) } })) : [],
      row('task.created', dates[0]),
      row('task.started', tk.started_at ? dates[1] : '—'),
      row('task.finished', tk.finished_at ? dates[2] : '—'),
      row('task.prompt', h('span', { class: 'prompt-full', text: tk.prompt || '' })),
    ].flat());
    retry.hidden = !TERMINAL.has(tk.status);
    cancel.hidden = TERMINAL.has(tk.status);
  }

  function show(tk) {
    task = tk;
    panel.update(tk);
    fill(tk);
    share.show(tk);
  }

  function onUpdate(tk) {
    const finished = TERMINAL.has(tk.status) && !TERMINAL.has(task.status);
    show(tk);
    // A pushed update carries the state, not what was written with it (attempts, cost): read those.
    if (finished) {
      api.task(tk.task_id).then(show).catch(() => {});
      webhooks.load();
    }
  }

  async function onRetry() {
    try {
      const answer = await api.retry(task.task_id);
      location.hash = `#/tasks/${encodeURIComponent(answer.task_id)}`;
    } catch (err) { showError(err); }
  }

  async function onCancel() {
    try {
      const answer = await api.cancel(task.task_id);
      onUpdate({ ...task, ...(answer && answer.status ? answer : { status: 'canceled' }) });
    } catch (err) { showError(err); }
  }

  /** The task's inputs the server keeps (prompt and settings) into its form, to change and run again. */
  function onRemix() {
    const common = { aspect_ratio: task.aspect_ratio, resolution: task.resolution, priority: task.priority, model: task.model };
    if (task.task_type === 'tryon') {
      const prompt = task.prompt === TRYON_DEFAULT_PROMPT ? '' : task.prompt;
      remixInto('tryon', { ...common, category: task.tryon_category, prompt });
      location.hash = '#/tryon';
    } else {
      remixInto('create', { ...common, prompt: task.prompt });
      location.hash = '#/create';
    }
  }

  async function onDelete() {
    if (!window.confirm(t('history.deleteConfirm'))) return;
    try {
      await api.remove(task.task_id);
      location.hash = '#/history';
    } catch (err) { showError(err); }
  }

  fill(task);
  root.append(h('div', { class: 'layout-two' },
    h('div', { class: 'stack' }, compareBox, panel.el, inputs.el),
    h('section', { class: 'card stack', 'aria-labelledby': 'task-details-title' },
      h('h2', { id: 'task-details-title', i18n: 'task.details' }),
      details,
      h('div', { class: 'card-actions' }, remix, retry, cancel, del)),
    share.el, webhooks.el), samePerson.el);
  share.show(task);
  webhooks.load();
  samePerson.load();

  // The place in the queue comes with a read of the task, not with pushed updates: read again while it waits.
  const QUEUE_REFRESH_MS = 5000;
  const queueTimer = setInterval(() => {
    if (task.status !== 'queued' || !task.queue) return;
    api.task(task.task_id).then((tk) => { if (task.status === 'queued') show(tk); }).catch(() => {});
  }, QUEUE_REFRESH_MS);
  const stop = watchTask(task, onUpdate);
  return () => { clearInterval(queueTimer); stop(); };
}
