// What serves the images (GET /api/v1/system/info), asked once per page load and shared:
// the header banner and every result image say so plainly when it is the emulator.
import { api } from './api.js';

let pending = null;

/** → {provider, default_model} or null when the server does not say. */
export function systemInfo() {
  if (!pending) {
    pending = api.get('/system/info', { auth: false }).catch(() => null);
  }
  return pending;
}

/** True once known to be the emulator; callers get a promise. */
export async function isEmulator() {
  const info = await systemInfo();
  return Boolean(info && info.provider === 'emulator');
}
