/// `/docs`: a small page that lists `/openapi.json` for people, with no third-party code.
enum APIDocsPage {
    static let html = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>VTON Lab API</title>
        <meta name="viewport" content="width=device-width,initial-scale=1">
        <style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
        code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}.op{border:1px solid #ddd;border-radius:6px;margin:.5rem 0;padding:.5rem .8rem}
        .m{display:inline-block;min-width:4.5rem;font-weight:600}</style></head><body>
        <h1>VTON Lab API</h1><p>Machine-readable: <a href="/openapi.json">/openapi.json</a>.</p><div id="ops"></div>
        <script type="module">
        const doc = await (await fetch('/openapi.json')).json();
        const root = document.getElementById('ops');
        for (const [path, ops] of Object.entries(doc.paths).sort()) {
          for (const [method, op] of Object.entries(ops)) {
            const div = document.createElement('div'); div.className = 'op';
            const m = document.createElement('span'); m.className = 'm'; m.textContent = method.toUpperCase();
            const p = document.createElement('code'); p.textContent = path;
            const s = document.createElement('div'); s.textContent = op.summary + (op.security ? ' (token required)' : '');
            const r = document.createElement('div'); r.textContent = 'Responses: ' + Object.keys(op.responses).join(', ');
            div.append(m, p, s, r); root.append(div);
          }
        }
        </script></body></html>
        """
}
