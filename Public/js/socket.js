// One WebSocket per tab to /api/v1/ws/tasks. Reconnects with exponential backoff,
// resumes from the last event_id seen, re-subscribes, and sends a heartbeat every 25 s.
import { API_BASE, getToken } from './api.js';

const HEARTBEAT_MS = 25_000;
const SILENCE_MS = 75_000; // the server beats every 30 s; this long without a word means a dead link
const BACKOFF_MIN_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

class TaskSocket {
  constructor() {
    this.ws = null;
    this.state = 'disconnected'; // disconnected | connecting | connected | reconnecting
    this.lastEventId = 0;
    this.attempt = 0;
    this.subscriptions = new Map(); // task_id → number of watchers
    this.listeners = new Map();
    this.reconnectTimer = null;
    this.heartbeatTimer = null;
    this.lastMessageAt = 0;
    this.wanted = false;
    window.addEventListener('online', () => this.reconnectNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.reconnectNow();
    });
  }

  /** on('task_update' | 'state' | 'subscribed' | 'error' | 'unauthorized', fn) → off() */
  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(fn);
    return () => this.listeners.get(type)?.delete(fn);
  }

  emit(type, payload) {
    for (const fn of this.listeners.get(type) || []) {
      try { fn(payload); } catch (err) { console.error(err); }
    }
  }

  get connected() {
    return this.state === 'connected';
  }

  setState(state) {
    if (state === this.state) return;
    this.state = state;
    this.emit('state', state);
  }

  connect() {
    this.wanted = true;
    if (this.ws && this.ws.readyState <= WebSocket.OPEN) return;
    const token = getToken();
    if (!token) return;
    clearTimeout(this.reconnectTimer);
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${scheme}//${location.host}${API_BASE}/ws/tasks?token=${encodeURIComponent(token)}`;
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let ws;
    try { ws = new WebSocket(url); } catch { this.scheduleReconnect(); return; }
    this.ws = ws;
    ws.addEventListener('open', () => this.handleOpen(ws));
    ws.addEventListener('message', (ev) => this.handleMessage(ev));
    ws.addEventListener('close', (ev) => this.handleClose(ws, ev));
  }

  /** Closes for good (logout). */
  disconnect() {
    this.wanted = false;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.heartbeatTimer);
    this.subscriptions.clear();
    this.lastEventId = 0;
    this.attempt = 0;
    if (this.ws) this.ws.close(1000, 'logout');
    this.ws = null;
    this.setState('disconnected');
  }

  handleOpen(ws) {
    if (ws !== this.ws) return;
    this.attempt = 0;
    this.lastMessageAt = Date.now();
    this.setState('connected');
    if (this.lastEventId > 0) this.send({ type: 'resume', after_event_id: this.lastEventId });
    for (const id of this.subscriptions.keys()) this.send({ type: 'subscribe', task_id: id });
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = setInterval(() => {
      if (Date.now() - this.lastMessageAt > SILENCE_MS) { ws.close(4000, 'silent'); return; }
      this.send({ type: 'heartbeat' });
    }, HEARTBEAT_MS);
  }

  handleMessage(ev) {
    this.lastMessageAt = Date.now();
    let msg;
    try { msg = JSON.parse(ev.data); } catch { return; }
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'task_update') {
      if (Number.isFinite(msg.event_id) && msg.event_id > this.lastEventId) {
        this.lastEventId = msg.event_id;
      }
      this.emit('task_update', msg);
    } else if (msg.type === 'subscribed' || msg.type === 'error') {
      this.emit(msg.type, msg);
    }
  }

  handleClose(ws, ev) {
    if (ws !== this.ws) return;
    clearInterval(this.heartbeatTimer);
    this.ws = null;
    if (ev.code === 4001) {
      this.wanted = false;
      this.setState('disconnected');
      this.emit('unauthorized', ev);
      return;
    }
    // 4003: the account may not read tasks; reconnecting would be refused the same way.
    if (ev.code === 4003) {
      this.wanted = false;
      this.setState('disconnected');
      return;
    }
    if (this.wanted) this.scheduleReconnect();
    else this.setState('disconnected');
  }

  scheduleReconnect() {
    this.setState('reconnecting');
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt);
    const delay = base / 2 + Math.random() * (base / 2);
    this.attempt += 1;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  /** Skips the backoff wait (network back, tab visible again). */
  reconnectNow() {
    if (!this.wanted || this.ws) return;
    this.attempt = Math.min(this.attempt, 1);
    this.connect();
  }

  send(msg) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(msg));
      return true;
    }
    return false;
  }

  subscribe(taskId) {
    if (!taskId) return;
    const count = this.subscriptions.get(taskId) || 0;
    this.subscriptions.set(taskId, count + 1);
    if (count === 0) this.send({ type: 'subscribe', task_id: taskId });
  }

  unsubscribe(taskId) {
    const count = this.subscriptions.get(taskId) || 0;
    if (count > 1) { this.subscriptions.set(taskId, count - 1); return; }
    if (!this.subscriptions.delete(taskId)) return;
    this.send({ type: 'unsubscribe', task_id: taskId });
  }
}

export const socket = new TaskSocket();
