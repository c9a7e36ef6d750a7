// Hash routes: '#/tasks/:id' style patterns, lazy page modules, a guard for login,
// and a cleanup call when leaving a page. A page that cannot be loaded (the server is down)
// is replaced by onError's view, never left showing the previous page under the new URL.

export function createRouter({ routes, outlet, guard, fallback, onChange, onError }) {
  const compiled = routes.map((route) => {
    const names = [];
    const source = route.path.replace(/:(\w+)/g, (m, name) => {
      names.push(name);
      return '([^/]+)';
    });
    return { ...route, names, regex: new RegExp(`^${source}/?$`) };
  });

  let cleanup = null;
  let renderSeq = 0;

  function current() {
    const hash = location.hash.replace(/^#/, '') || '/';
    const [path, qs = ''] = hash.split('?');
    return { path, query: new URLSearchParams(qs) };
  }

  function match(path) {
    for (const route of compiled) {
      const m = route.regex.exec(path);
      if (m) {
        const params = {};
        route.names.forEach((name, i) => { params[name] = decodeURIComponent(m[i + 1]); });
        return { route, params };
      }
    }
    return null;
  }

  async function render() {
    const seq = ++renderSeq;
    const { path, query } = current();
    const found = match(path);
    if (!found) { navigate(fallback, { replace: true }); return; }
    const redirect = guard ? guard(found.route, path) : null;
    if (redirect && redirect !== path) { navigate(redirect, { replace: true }); return; }
    if (cleanup) { try { cleanup(); } catch (err) { console.error(err); } }
    cleanup = null;
    let page = null;
    try {
      page = await found.route.load();
    } catch (err) {
      console.error(err);
    }
    if (seq !== renderSeq) return; // a newer navigation won
    outlet.replaceChildren();
    let result = null;
    try {
      if (page) result = await page.default(outlet, { params: found.params, query, path });
      else if (onError) onError(outlet);
    } catch (err) {
      console.error(err);
    }
    if (seq !== renderSeq) { if (typeof result === 'function') result(); return; }
    cleanup = typeof result === 'function' ? result : null;
    outlet.dataset.path = path; // the page now shown (tests and styles can rely on it)
    if (onChange) onChange(found.route, path);
    const heading = outlet.querySelector('h1');
    if (heading && !outlet.contains(document.activeElement)) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
    window.scrollTo(0, 0);
  }

  function navigate(path, { replace = false } = {}) {
    const hash = `#${path}`;
    if (location.hash === hash) { render(); return; }
    if (replace) {
      history.replaceState(null, '', hash);
      render();
    } else {
      location.hash = hash;
    }
  }

  window.addEventListener('hashchange', render);
  return { start: render, navigate, current, refresh: render };
}
