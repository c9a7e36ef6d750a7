// The site header: navigation, language switch, connection indicator, account and
// logout, plus the banner shown when images come from the built-in emulator.
import { h } from './dom.js';
import { t, tr, getLang, setLang, LANGUAGES, formatNumber } from './i18n.js';
import { systemInfo } from './system.js';
import { socket } from './socket.js';
import { session } from './session.js';

const NAV = [
  { path: '/create', key: 'nav.create' },
  { path: '/tryon', key: 'nav.tryon' },
  { path: '/batch', key: 'nav.batch' },
  { path: '/history', key: 'nav.history' },
  { path: '/account', key: 'nav.account' },
  { path: '/admin', key: 'nav.admin', admin: true },
];

export function mountHeader(root, { onLogout }) {
  const links = NAV.map((item) => {
    const a = h('a', { href: `#${item.path}`, i18n: item.key, class: 'nav-link' });
    return { ...item, a, li: h('li', {}, a) };
  });
  const nav = h('nav', { class: 'main-nav', i18nAttrs: { 'aria-label': 'nav.label' } },
    h('ul', { role: 'list' }, links.map((l) => l.li)));

  const langSelect = h('select', { id: 'lang-select', class: 'lang-select' },
    LANGUAGES.map((l) => h('option', { value: l.code, text: l.label, lang: l.code })));
  langSelect.value = getLang();
  langSelect.addEventListener('change', () => setLang(langSelect.value));

  const connDot = h('span', { class: 'conn-dot', 'aria-hidden': 'true' });
  const connText = h('span', { class: 'conn-text' });
  const conn = h('span', { class: 'conn', role: 'status' }, connDot, connText);
  const credits = h('span', { class: 'credits', hidden: true });
  const userName = h('span', { class: 'user-name' });
  const logout = h('button', { type: 'button', class: 'btn btn-ghost btn-sm', i18n: 'nav.logout' });
  logout.addEventListener('click', onLogout);

  const toggle = h('button', {
    type: 'button', class: 'btn btn-ghost nav-toggle', 'aria-expanded': 'false',
    'aria-controls': 'main-nav-area', i18n: 'nav.menu',
  });
  const navArea = h('div', { class: 'nav-area', id: 'main-nav-area' }, nav,
    h('div', { class: 'header-tools' }, credits, userName, logout));
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    navArea.classList.toggle('open', open);
  });

  const banner = h('div', { class: 'banner banner-warning banner-emulator', role: 'note', hidden: true },
    h('strong', { i18n: 'banner.emulatorTitle' }), ' ', h('span', { i18n: 'banner.emulatorText' }));

  const bar = h('div', { class: 'header-bar' },
    h('a', { class: 'brand', href: '#/create' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'V'), 'VTON Lab'),
    navArea, conn, toggle,
    h('div', { class: 'lang' },
      h('label', { for: 'lang-select', class: 'visually-hidden', i18n: 'nav.language' }), langSelect));
  root.replaceChildren(h('a', { class: 'skip-link', href: '#main', i18n: 'nav.skip' }), bar, banner);
  // The skip link targets the main element without changing the route.
  root.querySelector('.skip-link').addEventListener('click', (ev) => {
    ev.preventDefault();
    document.getElementById('main')?.focus();
  });

  function showConnection(state) {
    conn.dataset.state = state;
    const key = { connected: 'conn.connected', connecting: 'conn.connecting', reconnecting: 'conn.reconnecting' }[state]
      || 'conn.disconnected';
    tr(connText, key);
  }
  socket.on('state', showConnection);
  showConnection(socket.state);

  function showUser(user) {
    const signedIn = session.signedIn;
    navArea.hidden = !signedIn;
    toggle.hidden = !signedIn;
    conn.hidden = !signedIn;
    userName.textContent = user?.username || '';
    for (const l of links) if (l.admin) l.li.hidden = !session.hasAdminAccess;
    const value = user?.credits;
    credits.hidden = value === undefined || value === null;
    // Superusers are never charged: their balance means nothing, so say so.
    if (!credits.hidden && user.is_superuser) tr(credits, 'account.unlimited');
    else if (!credits.hidden) tr(credits, 'nav.credits', { n: formatNumber(Number(value)) });
  }
  session.onChange(showUser);
  showUser(session.user);

  // Shown on every page, signed in or not: nobody should take emulator images for the model's.
  systemInfo().then((info) => {
    const emulator = Boolean(info && info.provider === 'emulator');
    banner.hidden = !emulator;
    document.body.classList.toggle('is-emulator', emulator); // labels every result image (.emulator-mark)
  });

  return {
    setActive(path) {
      for (const l of links) {
        const active = path === l.path || path.startsWith(`${l.path}/`)
          || (l.path === '/history' && path.startsWith('/tasks/'));
        if (active) l.a.setAttribute('aria-current', 'page');
        else l.a.removeAttribute('aria-current');
      }
      toggle.setAttribute('aria-expanded', 'false');
      navArea.classList.remove('open');
    },
    refreshLanguage() {
      langSelect.value = getLang();
      showUser(session.user);
      document.title = t('app.title');
    },
  };
}
