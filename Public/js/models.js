// The model picker: the models the server's provider key can use (GET /api/v1/models), with
// the price of one image at the chosen resolution and priority, so nobody learns the price
// (or that a model is gone) only after submitting.
import { h, uid } from './dom.js';
import { tr, formatNumber } from './i18n.js';
import { api } from './api.js';

let pending = null;

/** → {default_model, models:[{id, resolutions, prices:[{resolution, usd, batch_usd, credits, batch_credits}]}]} or null. */
function offeredModels() {
  if (!pending) pending = api.get('/models').catch(() => { pending = null; return null; });
  return pending;
}

/** {el, value(), set(id), watch(resolutionSelect, priority)}; value() is '' until the list arrived (the server's default then applies). */
export function modelPicker({ name = 'model' } = {}) {
  const select = h('select', { name, id: uid(name), disabled: true });
  const price = h('p', { class: 'field-hint model-price', 'aria-live': 'polite' });
  let offer = null;
  let wanted = ''; // a model asked for (a kept form, a remix) before the list arrived
  let current = () => ({ resolution: '1K', economy: false, n: 1 });

  function showPrice() {
    const model = offer?.models.find((m) => m.id === select.value);
    const { resolution, economy, n } = current();
    const line = model?.prices.find((p) => p.resolution === resolution);
    if (!line) { tr(price, 'models.unsupported', { resolution }); return; }
    // n variations are n images at the price of one each.
    const key = n > 1 ? 'models.priceN' : 'models.price';
    tr(price, economy ? `${key}Economy` : key, {
      n, usd: formatNumber(n * (economy ? line.batch_usd : line.usd), { maximumFractionDigits: 4 }),
      credits: formatNumber(n * (economy ? line.batch_credits : line.credits)),
    });
  }

  offeredModels().then((answer) => {
    if (!answer?.models?.length) return;
    offer = answer;
    select.replaceChildren(...answer.models.map((m) => h('option', { value: m.id, text: m.id })));
    select.value = answer.models.some((m) => m.id === wanted) ? wanted : answer.default_model;
    select.disabled = false;
    showPrice();
  });
  select.addEventListener('change', showPrice);

  return {
    el: select,
    price,
    value: () => (select.disabled ? wanted : select.value),
    set(id) {
      wanted = id || '';
      if (!select.disabled && offer.models.some((m) => m.id === wanted)) { select.value = wanted; showPrice(); }
    },
    /** Re-prices whenever the resolution, priority or number of images (`count`, optional) changes. */
    watch(resolution, priority, count) {
      current = () => ({ resolution: resolution.value, economy: priority.value() === 'economy', n: Number(count?.value || 1) });
      resolution.addEventListener('change', showPrice);
      if (count) count.addEventListener('change', showPrice);
      priority.el.addEventListener('change', showPrice);
      showPrice();
    },
  };
}
