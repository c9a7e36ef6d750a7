// Start-up: header, router, session and socket wiring.
import { onUnauthorized, getToken } from './api.js';
import { socket } from './socket.js';
import { session } from './session.js';
import { createRouter } from './router.js';
import { mountHeader } from './header.js';
import { t, apply, onLangChange, loadLanguage } from './i18n.js';
import { h } from './dom.js';

const routes = [
  { path: '/login', load: () => import('./pages/login.js'), public: true },
  { path: '/register', load: () => import('./pages/register.js'), public: true },
  { path: '/create', load: () => import('./pages/create.js') },
  { path: '/tryon', load: () => import('./pages/tryon.js') },
  { path: '/batch', load: () => import('./pages/batch.js') },
  { path: '/batch/:id', load: () => import('./pages/batch.js') },
  { path: '/history', load: () => import('./pages/history.js') },
  { path: '/tasks/:id', load: () => import('./pages/task.js') },
  { path: '/account', load: () => import('./pages/account.js') },
  { path: '/admin', load: () => import('./pages/admin.js') },
  // A share link: open to anyone, signed in or not.
  { path: '/shared/:token', load: () => import('./pages/shared.js'), open: true },
];

await loadLanguage();

const main = document.getElementById('main');
const header = mountHeader(document.getElementById('site-header'), {
  onLogout: () => {
    session.logout();
    router.navigate('/login');
  },
});

const router = createRouter({
  routes,
  outlet: main,
  fallback: '/create',
  guard(route, path) {
    if (route.open) return null;
    if (!route.public && !getToken()) return `/login?next=${encodeURIComponent(path)}`;
    if (route.public && getToken()) return '/create';
    return null;
  },
  onChange(route, path) {
    header.setActive(path);
  },
  onError(outlet) {
    outlet.append(h('section', { class: 'card empty route-error', role: 'alert' },
      h('h1', { i18n: 'route.failedTitle' }),
      h('p', { class: 'muted', i18n: 'route.failed' }),
      h('button', { type: 'button', class: 'btn btn-primary', i18n: 'route.retry', on: { click: retryLoad } })));
  },
});

/**
 * A page module that failed to load stays failed in Firefox until the document reloads, so
 * "Try again" reloads, once the server answers again (until then the message stays).
 */
async function retryLoad() {
  try {
    await fetch('/healthz', { cache: 'no-store' });
    location.reload();
  } catch { /* still unreachable */ }
}

function sendToLogin(reasonKey) {
  const { path } = router.current();
  session.logout();
  if (path !== '/login') {
    sessionStorage.setItem('vton.loginReason', reasonKey);
    router.navigate(`/login?next=${encodeURIComponent(path)}`);
  }
}

onUnauthorized(() => sendToLogin('login.expired'));
socket.on('unauthorized', () => sendToLogin('login.expired'));
onLangChange(() => header.refreshLanguage());

document.title = t('app.title');
apply(document.body);
if (getToken()) {
  session.load();
  socket.connect();
}
router.start();
