// The signed-in user: token, userinfo, login and logout, shared by every page.
import { api, getToken, setToken } from './api.js';
import { socket } from './socket.js';

const listeners = new Set();
/** Permissions that open a section of the admin page (API.md §6). */
export const ADMIN_PERMISSIONS = ['users:manage', 'roles:manage', 'credits:manage', 'audit:read', 'prompt_templates:manage', 'system:read'];
let user = null;

export const session = {
  get user() {
    return user;
  },

  get signedIn() {
    return Boolean(getToken());
  },

  get isAdmin() {
    return Boolean(user && user.is_superuser);
  },

  /** True when the user holds the permission (superusers and "*" hold every one). */
  can(permission) {
    if (!user) return false;
    if (user.is_superuser) return true;
    const held = Array.isArray(user.permissions) ? user.permissions : [];
    return held.includes('*') || held.includes(permission);
  },

  /** True when any admin page section is open to the user. */
  get hasAdminAccess() {
    return ADMIN_PERMISSIONS.some((p) => this.can(p));
  },

  onChange(fn) {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },

  notify() {
    for (const fn of listeners) fn(user);
  },

  async login(username, password) {
    const data = await api.login(username, password);
    setToken(data.access_token);
    await this.load();
    socket.connect();
    return data;
  },

  /** Loads userinfo; a failure other than 401 leaves the user signed in. */
  async load() {
    if (!getToken()) return null;
    try {
      user = await api.get('/base/userinfo');
    } catch (err) {
      if (err.status === 401) return null;
      console.warn('userinfo failed', err);
    }
    this.notify();
    return user;
  },

  logout() {
    setToken('');
    user = null;
    socket.disconnect();
    this.notify();
  },
};

// Another tab signed out (or in): follow it.
window.addEventListener('storage', (ev) => {
  if (ev.key !== 'vton.token') return;
  if (!ev.newValue) {
    user = null;
    socket.disconnect();
    session.notify();
    location.hash = '#/login';
  } else {
    session.load().then(() => socket.connect());
  }
});
