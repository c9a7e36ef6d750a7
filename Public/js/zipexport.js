// Bulk export (POST /images/export): the server streams a ZIP with its exact Content-Length,
// so it is read here chunk by chunk to show progress on the button that asked for it, then
// handed to the browser as a file download. Loaded only by the pages that export.
import { request } from './api.js';
import { tr } from './i18n.js';
import { busy } from './widgets.js';

/** Long enough for the browser to start saving the file before the object URL is revoked. */
const REVOKE_AFTER_MS = 60_000;

/**
 * Downloads the ZIP of `selection` ({task_ids} or {batch_id}) while `button` shows progress;
 * rejects with the ApiError of a refused export (the caller shows it).
 */
export async function downloadZip(selection, button) {
  busy(button, true, 'zip.preparing');
  try {
    const res = await request('POST', '/images/export', { body: selection, response: true });
    const blob = await readBody(res, (pct) => tr(button, 'zip.progress', { pct }));
    saveBlob(blob, fileName(res.headers.get('Content-Disposition')) || 'vton-export.zip');
  } finally {
    busy(button, false);
  }
}

/** The whole body as a Blob, reporting whole percents when the length is known. */
async function readBody(res, onPercent) {
  const total = Number(res.headers.get('Content-Length')) || 0;
  if (!total || !res.body) return res.blob();
  const reader = res.body.getReader();
  const chunks = [];
  let received = 0;
  let shown = -1;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    const pct = Math.min(100, Math.floor((received / total) * 100));
    if (pct !== shown) { shown = pct; onPercent(pct); }
  }
  return new Blob(chunks, { type: res.headers.get('Content-Type') || 'application/zip' });
}

/** `attachment; filename="x.zip"` (or RFC 5987 `filename*=UTF-8''x.zip`) → `x.zip`. */
function fileName(disposition) {
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition || '');
  if (!match) return '';
  return match[1] ? decodeURIComponent(match[1]) : match[2];
}

function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link); // Firefox follows only a link that is in the document
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
