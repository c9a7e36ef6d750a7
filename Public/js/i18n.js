// Translation: zh-CN and English. Every visible string goes through t().
// Elements built with data-i18n / data-i18n-attr / data-date are re-translated in
// place when the language changes, so forms keep what the user typed.
// Only the language in use is downloaded (app.js awaits loadLanguage() before the first
// render); both dictionaries hold every key (test_language.py checks), so none falls back.
const LOADERS = { en: () => import('./locales/en.js'), 'zh-CN': () => import('./locales/zh-CN.js') };
const DICTS = {};
export const LANGUAGES = [
  { code: 'zh-CN', label: '中文' },
  { code: 'en', label: 'English' },
];
const STORAGE_KEY = 'vton.lang';
const listeners = new Set();

function detect() {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved && LOADERS[saved]) return saved;
  const wanted = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of wanted) {
    if (String(tag).toLowerCase().startsWith('zh')) return 'zh-CN';
    if (String(tag).toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

let current = detect();

export function getLang() {
  return current;
}

/** Downloads a language's dictionary (once); t() needs the current one loaded. */
export async function loadLanguage(lang = current) {
  DICTS[lang] ??= (await LOADERS[lang]()).default;
}

export function has(key) {
  return Object.prototype.hasOwnProperty.call(DICTS[current] || {}, key);
}

/** t('batch.count', {n: 3}) — {name} placeholders are replaced with the args. */
export function t(key, args) {
  let text = DICTS[current]?.[key];
  if (text === undefined) {
    console.warn(`i18n: missing key ${key}`);
    return key;
  }
  if (args) {
    text = text.replace(/\{(\w+)\}/g, (m, name) => (name in args ? String(args[name]) : m));
  }
  return text;
}

/** Sets (or changes) the translated text of an element and remembers the key. */
export function tr(el, key, args) {
  el.dataset.i18n = key;
  if (args) el.dataset.i18nArgs = JSON.stringify(args);
  else delete el.dataset.i18nArgs;
  el.textContent = t(key, args);
  return el;
}

/** Marks an element as showing a date and formats it for the current language. */
export function setDate(el, iso) {
  if (!iso) { el.textContent = ''; delete el.dataset.date; return el; }
  el.dataset.date = iso;
  el.textContent = formatDate(iso);
  if (el.tagName === 'TIME') el.dateTime = iso;
  return el;
}

export function formatDate(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(current, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatNumber(n, opts) {
  return new Intl.NumberFormat(current, opts).format(n);
}

/** Translates every marked element under root. */
export function apply(root = document.body) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    const args = el.dataset.i18nArgs ? JSON.parse(el.dataset.i18nArgs) : undefined;
    el.textContent = t(el.dataset.i18n, args);
  }
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
  for (const el of root.querySelectorAll('[data-date]')) {
    el.textContent = formatDate(el.dataset.date);
  }
}

export async function setLang(lang) {
  if (!LOADERS[lang] || lang === current) return;
  await loadLanguage(lang);
  current = lang;
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
  apply(document.body);
  document.title = t('app.title');
  for (const fn of listeners) fn(lang);
}

export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

document.documentElement.lang = current;
