// fetch wrapper: adds the Bearer token, decodes JSON, and turns error answers
// {"detail","code","field"} into ApiError objects carrying those fields.

export const API_BASE = '/api/v1';
const TOKEN_KEY = 'vton.token';

export class ApiError extends Error {
  constructor({ status = 0, detail = '', code = '', field = '', retryAfter = null } = {}) {
    super(detail || code || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
  }
}

export function getToken() {
  return localStorage.getItem(TOKEN_KEY) || '';
}

export function setToken(token) {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

let unauthorizedHandler = () => {};
/** Called on any 401 from an authenticated request (the app sends the user to login). */
export function onUnauthorized(fn) {
  unauthorizedHandler = fn;
}

/** Reads an error body in the contract's shape, tolerating older shapes. */
async function toError(res) {
  let body = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  let detail = '';
  let code = '';
  let field = '';
  if (body && typeof body === 'object') {
    detail = body.detail ?? body.msg ?? body.message ?? '';
    code = body.code ?? '';
    field = body.field ?? '';
    if (Array.isArray(detail)) {
      // FastAPI-style validation list: use the first entry.
      const first = detail[0] || {};
      field = field || (Array.isArray(first.loc) ? String(first.loc[first.loc.length - 1]) : '');
      detail = first.msg || '';
    }
  }
  if (typeof code === 'number') code = '';
  const retry = res.headers.get('Retry-After');
  return new ApiError({
    status: res.status,
    detail: String(detail || ''),
    code: String(code || ''),
    field: String(field || ''),
    retryAfter: retry ? Number(retry) || null : null,
  });
}

/**
 * request('POST', '/images/generate', {body}) → decoded JSON (or text, or null).
 * Options: body (JSON), form (FormData), query (object), auth (default true),
 * raw (path is absolute, not under /api/v1), text (answer as text), signal,
 * quiet401 (a 401 here does not sign the user out: optional routes),
 * response (answer the Response itself, its body unread: streamed downloads).
 */
export async function request(method, path, opts = {}) {
  const { body, form, query, auth = true, raw = false, text = false, signal, quiet401 = false, response = false } = opts;
  let url = raw ? path : API_BASE + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    }
    // URLSearchParams writes a space as `+`, which the server reads as a plus sign (a search
    // for "red dress" found nothing): %20 is read as a space everywhere. A real `+` is %2B.
    const qs = params.toString().replace(/\+/g, '%20');
    if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  }
  const headers = { Accept: text ? 'text/plain, */*' : 'application/json' };
  const token = getToken();
  if (auth && token) headers.Authorization = `Bearer ${token}`;
  let payload;
  if (form) payload = form;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(url, { method, headers, body: payload, signal, credentials: 'same-origin' });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError({ status: 0, code: 'NETWORK' });
  }
  if (!res.ok) {
    const error = await toError(res);
    if (res.status === 401 && auth && token && !quiet401) unauthorizedHandler(error);
    throw error;
  }
  if (response) return res;
  if (res.status === 204) return null;
  if (text) return res.text();
  const type = res.headers.get('Content-Type') || '';
  if (!type.includes('json')) return res.text();
  return res.json();
}

export const api = {
  get: (path, opts) => request('GET', path, opts),
  post: (path, body, opts = {}) => request('POST', path, { ...opts, body }),
  put: (path, body, opts = {}) => request('PUT', path, { ...opts, body }),
  del: (path, opts) => request('DELETE', path, opts),

  /** Login keeps the seed's envelope {code,msg,data}. */
  async login(username, password) {
    const answer = await request('POST', '/base/access_token', {
      body: { username, password }, auth: false,
    });
    const data = answer && answer.data ? answer.data : answer;
    if (!data || !data.access_token) {
      throw new ApiError({ status: 200, detail: answer?.msg || '', code: 'BAD_LOGIN_ANSWER' });
    }
    return data;
  },

  /** One image, multipart field "file"; answers {id,url,mime_type,width,height,bytes,sha256}. */
  upload(file, signal) {
    const form = new FormData();
    form.append('file', file, file.name);
    return request('POST', '/uploads', { form, signal });
  },

  task: (id) => request('GET', `/images/tasks/${encodeURIComponent(id)}`),
  retry: (id) => request('POST', `/images/tasks/${encodeURIComponent(id)}/retry`),
  cancel: (id) => request('POST', `/images/tasks/${encodeURIComponent(id)}/cancel`),
  remove: (id) => request('DELETE', `/images/tasks/${encodeURIComponent(id)}`),
  tasks: (query) => request('GET', '/images', { query }),
  generate: (body) => request('POST', '/images/generate', { body }),
  batch: (body) => request('POST', '/images/batch-generate', { body }),
  batchStatus: (id) => request('GET', `/images/batch/${encodeURIComponent(id)}/status`),
  batchCancel: (id) => request('POST', `/images/batch/${encodeURIComponent(id)}/cancel`),
};
