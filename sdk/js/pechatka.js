/*!
 * Pechatka JS SDK, protocol version 1. Apache-2.0.
 *
 * One dependency-free ES module for web portals that talk to Pechatka, the desktop signing client,
 * on https://127.0.0.1:27321 (JSON-RPC 2.0 over a WebSocket). See README.md next to this file.
 *
 *   import { connect, PermissionDeniedError } from './pechatka.js';
 *   const pechatka = await connect();
 *   const { authToken } = await pechatka.authenticate({ challengeNonce });
 *
 * The SDK never asks for, holds or sends a PIN: Pechatka asks for it in its own window.
 */

/** Where Pechatka listens unless an administrator changed the port. */
export const DEFAULT_URL = 'https://127.0.0.1:27321';

/** The protocol version this SDK speaks. */
export const PROTOCOL_VERSION = 1;

/** Methods that wait for a person (a picker, a consent, a PIN): no short client-side timeout. */
const INTERACTIVE_METHODS = new Set([
  'certificates.select', 'auth.authenticate', 'sign.cms', 'sign.hash', 'sign.batch', 'csr.create', 'cert.import',
]);

/** Pechatka closes its own dialogs after 120 s; this cap only guards against a lost answer. */
const INTERACTIVE_TIMEOUT_MS = 10 * 60 * 1000;
const NON_INTERACTIVE_TIMEOUT_MS = 60 * 1000;
/** Connecting includes the browser's "allow access to apps on this device" prompt: be patient. */
const CONNECT_TIMEOUT_MS = 60 * 1000;

const WS_OPEN = 1;
const WS_CLOSING = 2;

const START_HELP = 'Start Pechatka (it shows an icon in the system tray when running). If it is running, open '
  + `${DEFAULT_URL}/ once in this browser to check that the browser trusts its certificate. If the browser asked `
  + 'whether this site may access apps on this device, allow it.';

const PERMISSION_HELP = "Your browser blocked this site's access to Pechatka. Allow \"Apps on this device\" "
  + '(loopback network / local network access) for this site in the site settings (the icon left of the address), '
  + 'or ask your administrator to allow it by policy.';

// ---- errors -----------------------------------------------------------------------------------

/**
 * The base of every error the SDK throws or rejects with. `code` is the JSON-RPC error code of
 * PROTOCOL.md §2.2 (null for errors found in the browser), `reason` the stable name
 * (`PIN_LOCKED`, `NOT_RUNNING` …), `data` the error's data object.
 */
export class PechatkaError extends Error {
  constructor(message, { code = null, reason = 'UNKNOWN', data = {}, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'PechatkaError';
    this.code = code;
    this.reason = reason;
    this.data = data && typeof data === 'object' ? data : {};
  }
}

function clientError(name, reason, defaultMessage, parent = PechatkaError) {
  const cls = class extends parent {
    constructor(message = defaultMessage, options = {}) {
      super(message, { reason, ...options });
      this.name = name;
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  Object.defineProperty(cls, 'reason', { value: reason });
  return cls;
}

/** Pechatka does not answer: not started, not installed, or its certificate is not trusted. */
export const NotRunningError = clientError('NotRunningError', 'NOT_RUNNING', `Pechatka does not answer. ${START_HELP}`);

/** The browser's Local Network Access permission for this site is denied: a different help text. */
export const PermissionDeniedError = clientError('PermissionDeniedError', 'PERMISSION_DENIED', PERMISSION_HELP);

/** Pechatka is running but refused the connection (too many open pages, or this site is not trusted). */
export const ConnectionRefusedError = clientError('ConnectionRefusedError', 'CONNECTION_REFUSED',
  'Pechatka is running but refused the connection from this page. Close other pages that use Pechatka, and '
  + "check that this site is among Pechatka's trusted sites (Settings).");

/** Pechatka is running and said that this site is not on its list of trusted sites. */
export const OriginNotAllowedError = clientError('OriginNotAllowedError', 'ORIGIN_NOT_ALLOWED',
  "Pechatka is running but does not trust this site. Add the site in Pechatka's settings (Trusted sites), or ask "
  + 'your administrator.', ConnectionRefusedError);

/** Something answers on Pechatka's address, but not Pechatka protocol 1. */
export const ProtocolVersionError = clientError('ProtocolVersionError', 'PROTOCOL_VERSION',
  'The program answering on the Pechatka address is not a compatible version of Pechatka. Update Pechatka or this '
  + 'page.');

/** The connection to Pechatka closed (Pechatka exited, the page called close(), a message was too big …). */
export const ConnectionClosedError = clientError('ConnectionClosedError', 'CONNECTION_CLOSED',
  'The connection to Pechatka was closed.');

/** No answer within the client-side time limit (the request may still be running in Pechatka). */
export const RequestTimeoutError = clientError('RequestTimeoutError', 'REQUEST_TIMEOUT',
  'Pechatka did not answer in time.');

/** One class per error reason of PROTOCOL.md §2.2; `code` and `reason` as sent by Pechatka. */
function serverError(name, code, reason) {
  const cls = class extends PechatkaError {
    constructor(message = reason, options = {}) {
      super(message, { code, reason, ...options });
      this.name = name;
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  Object.defineProperty(cls, 'code', { value: code });
  Object.defineProperty(cls, 'reason', { value: reason });
  return cls;
}

export const ParseError = serverError('ParseError', -32700, 'PARSE_ERROR');
export const InvalidRequestError = serverError('InvalidRequestError', -32600, 'INVALID_REQUEST');
export const MethodNotFoundError = serverError('MethodNotFoundError', -32601, 'METHOD_NOT_FOUND');
/** A missing, unknown or ill-typed parameter, a bad nonce, bad base64, a wrong hash length. */
export const InvalidParamsError = serverError('InvalidParamsError', -32602, 'INVALID_PARAMS');
/** A bug in Pechatka; details only in Pechatka's log. */
export const InternalError = serverError('InternalError', -32603, 'INTERNAL');
export const UserCancelledError = serverError('UserCancelledError', 1001, 'USER_CANCELLED');
export const UserTimeoutError = serverError('UserTimeoutError', 1002, 'USER_TIMEOUT');
export const ActionPendingError = serverError('ActionPendingError', 1004, 'ACTION_PENDING');

/** A wrong PIN that the dialog could not let the person correct (e.g. a PIN pad). */
export class PinIncorrectError extends serverError('PinIncorrectError', 2001, 'PIN_INCORRECT') {
  /** Tries left, when the token tells (PKCS#11 usually tells only "final try"); else null. */
  get retriesLeft() {
    return Number.isInteger(this.data.retriesLeft) ? this.data.retriesLeft : null;
  }

  /** Whether the next wrong PIN locks the token. */
  get finalTry() {
    return this.data.finalTry === true;
  }
}

export const PinLockedError = serverError('PinLockedError', 2002, 'PIN_LOCKED');
export const TokenNotPresentError = serverError('TokenNotPresentError', 3001, 'TOKEN_NOT_PRESENT');
export const TokenRemovedError = serverError('TokenRemovedError', 3002, 'TOKEN_REMOVED');

/** Any other token failure; `ckr` names the PKCS#11 return value. */
export class TokenError extends serverError('TokenError', 3004, 'TOKEN_ERROR') {
  get ckr() {
    return typeof this.data.ckr === 'string' ? this.data.ckr : null;
  }
}

export const KeyNotFoundError = serverError('KeyNotFoundError', 4001, 'KEY_NOT_FOUND');
export const CertificateUnusableError = serverError('CertificateUnusableError', 4002, 'CERTIFICATE_UNUSABLE');
export const AlgorithmUnsupportedError = serverError('AlgorithmUnsupportedError', 4003, 'ALGORITHM_UNSUPPORTED');
export const OperationNotAllowedError = serverError('OperationNotAllowedError', 4004, 'OPERATION_NOT_ALLOWED');

const SERVER_ERRORS = [
  ParseError, InvalidRequestError, MethodNotFoundError, InvalidParamsError, InternalError,
  UserCancelledError, UserTimeoutError, ActionPendingError, PinIncorrectError, PinLockedError,
  TokenNotPresentError, TokenRemovedError, TokenError, KeyNotFoundError, CertificateUnusableError,
  AlgorithmUnsupportedError, OperationNotAllowedError,
];
const BY_REASON = new Map(SERVER_ERRORS.map((c) => [c.reason, c]));
const BY_CODE = new Map(SERVER_ERRORS.map((c) => [c.code, c]));

/**
 * The typed error for a JSON-RPC error object `{code, message, data}`: chosen by `data.reason`,
 * else by `code`, else {@link PechatkaError}.
 */
export function errorFromRpc(error) {
  const e = error && typeof error === 'object' ? error : {};
  const code = Number.isInteger(e.code) ? e.code : null;
  const data = e.data && typeof e.data === 'object' && !Array.isArray(e.data) ? e.data : {};
  const message = typeof e.message === 'string' && e.message ? e.message : 'Pechatka reported an error';
  const cls = BY_REASON.get(data.reason) ?? BY_CODE.get(code);
  if (cls) {
    const err = new cls(message, { data });
    // keep what the server sent, even where it differs from the class's defaults
    err.code = code ?? cls.code;
    err.reason = typeof data.reason === 'string' ? data.reason : cls.reason;
    return err;
  }
  return new PechatkaError(message, { code, reason: typeof data.reason === 'string' ? data.reason : 'UNKNOWN', data });
}

// ---- base64 -----------------------------------------------------------------------------------

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;
const BASE64_RE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function asBytes(value) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return null;
}

/** Standard base64 (with padding) of a `Uint8Array`, `ArrayBuffer` or other typed array view. */
export function bytesToBase64(bytes) {
  const b = asBytes(bytes);
  if (!b) throw new TypeError('bytesToBase64 expects a Uint8Array, an ArrayBuffer or a typed array');
  const parts = [];
  const CHUNK = 3 * 4096;
  for (let start = 0; start < b.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, b.length);
    let s = '';
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
      s += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
    }
    if (end - i === 1) {
      const n = b[i] << 16;
      s += `${ALPHABET[n >> 18]}${ALPHABET[(n >> 12) & 63]}==`;
    } else if (end - i === 2) {
      const n = (b[i] << 16) | (b[i + 1] << 8);
      s += `${ALPHABET[n >> 18]}${ALPHABET[(n >> 12) & 63]}${ALPHABET[(n >> 6) & 63]}=`;
    }
    parts.push(s);
  }
  return parts.join('');
}

/** Whether a string is standard base64 with padding (the only form the protocol uses). */
export function isBase64(value) {
  return typeof value === 'string' && value.length % 4 === 0 && BASE64_RE.test(value);
}

/** Decodes standard base64 (with padding); throws a TypeError on anything else. */
export function base64ToBytes(base64) {
  if (!isBase64(base64)) throw new TypeError('not standard base64');
  let len = (base64.length / 4) * 3;
  if (base64.endsWith('==')) len -= 2;
  else if (base64.endsWith('=')) len -= 1;
  const out = new Uint8Array(len);
  let o = 0;
  for (let i = 0; i < base64.length; i += 4) {
    const a = DECODE[base64.charCodeAt(i)];
    const b = DECODE[base64.charCodeAt(i + 1)];
    const c = base64[i + 2] === '=' ? 0 : DECODE[base64.charCodeAt(i + 2)];
    const d = base64[i + 3] === '=' ? 0 : DECODE[base64.charCodeAt(i + 3)];
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    if (o < len) out[o++] = (n >> 8) & 255;
    if (o < len) out[o++] = n & 255;
  }
  return out;
}

// ---- parameters -------------------------------------------------------------------------------

function invalid(message, field) {
  return new InvalidParamsError(message, { data: { reason: 'INVALID_PARAMS', field } });
}

/** A binary parameter: bytes are encoded, strings must already be base64. */
function binaryParam(value, field, { pem = false } = {}) {
  if (typeof value === 'string') {
    if (isBase64(value) || (pem && value.includes('-----BEGIN '))) return value;
    throw invalid(`${field} must be bytes (Uint8Array, ArrayBuffer) or a standard base64 string; `
      + 'to sign text, pass new TextEncoder().encode(text)', field);
  }
  const bytes = asBytes(value);
  if (!bytes) throw invalid(`${field} must be bytes (Uint8Array, ArrayBuffer) or a standard base64 string`, field);
  return bytesToBase64(bytes);
}

/** Copies only the protocol's fields (never a `pin`), dropping absent ones, encoding binary ones. */
function pick(source, fields, binary = [], pem = []) {
  if (source !== undefined && (source === null || typeof source !== 'object' || Array.isArray(source))) {
    throw invalid('the options must be an object');
  }
  const src = source ?? {};
  const out = {};
  for (const f of fields) {
    const v = src[f];
    if (v === undefined || v === null) continue;
    out[f] = binary.includes(f) ? binaryParam(v, f, { pem: pem.includes(f) }) : v;
  }
  return out;
}

// ---- the client -------------------------------------------------------------------------------

/**
 * A connection to Pechatka. Obtain one with {@link connect}. Every method returns a promise that
 * rejects with a {@link PechatkaError} subclass.
 */
export class PechatkaClient {
  #ws;
  #url;
  #serverInfo;
  #requestTimeoutMs;
  #nextId = 1;
  #pending = new Map();
  #listeners = new Map();
  #closed = false;

  /** @internal Use {@link connect}. */
  constructor(ws, { url, serverInfo, requestTimeoutMs } = {}) {
    this.#ws = ws;
    this.#url = url;
    this.#serverInfo = serverInfo ?? null;
    this.#requestTimeoutMs = requestTimeoutMs;
    ws.addEventListener('message', (event) => this.#onMessage(event));
    ws.addEventListener('close', (event) => this.#onClosed(event?.code ?? 1006, event?.reason ?? ''));
    // after open, an error always ends the connection (browsers then also send close)
    ws.addEventListener('error', () => this.#onClosed(1006, ''));
  }

  /** The endpoint, e.g. `https://127.0.0.1:27321`. */
  get url() {
    return this.#url;
  }

  /** What `GET /v1/info` said when connecting: `{name, version, protocol}`. */
  get serverInfo() {
    return this.#serverInfo;
  }

  /** Whether the connection has closed. */
  get closed() {
    return this.#closed;
  }

  /**
   * Listens to a server notification (`'tokens.changed'`, params `{tokens}`) or to `'close'`
   * (`{code, reason}`). Returns a function that removes the listener.
   */
  on(event, listener) {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => this.off(event, listener);
  }

  /** Removes a listener; true when it was registered. */
  off(event, listener) {
    const set = this.#listeners.get(event);
    const removed = set ? set.delete(listener) : false;
    if (set && set.size === 0) this.#listeners.delete(event);
    return removed;
  }

  /** How many listeners an event has. */
  listenerCount(event) {
    return this.#listeners.get(event)?.size ?? 0;
  }

  /**
   * Sends one JSON-RPC request and resolves with its result. The typed wrappers below are easier;
   * this is for methods added to the protocol later. `options.timeoutMs` overrides the client's
   * time limit (0 = none).
   */
  call(method, params = {}, options = {}) {
    if (typeof method !== 'string' || !method) return Promise.reject(new TypeError('method must be a string'));
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      return Promise.reject(invalid('params must be an object'));
    }
    if (Object.prototype.hasOwnProperty.call(params, 'pin')) {
      // Pechatka asks for the PIN in its own window; a page never handles it
      return Promise.reject(invalid('Pechatka never takes a PIN from a page', 'pin'));
    }
    if (this.#closed || this.#ws.readyState !== WS_OPEN) {
      return Promise.reject(new ConnectionClosedError('The connection to Pechatka is closed.'));
    }
    const id = this.#nextId++;
    const timeoutMs = options.timeoutMs ?? this.#requestTimeoutMs
      ?? (INTERACTIVE_METHODS.has(method) ? INTERACTIVE_TIMEOUT_MS : NON_INTERACTIVE_TIMEOUT_MS);
    return new Promise((resolve, reject) => {
      const entry = { resolve, reject, method, timer: null };
      if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
        entry.timer = setTimeout(() => {
          this.#pending.delete(id);
          reject(new RequestTimeoutError(`Pechatka did not answer ${method} within ${Math.round(timeoutMs / 1000)} s.`,
            { data: { method } }));
        }, timeoutMs);
      }
      this.#pending.set(id, entry);
      try {
        this.#ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      } catch (cause) {
        this.#settle(id);
        reject(new ConnectionClosedError('The connection to Pechatka is closed.', { cause }));
      }
    });
  }

  /** `app.info`: `{name, version, protocol, capabilities}`. */
  async info() {
    return this.call('app.info', {});
  }

  /** `tokens.list`: `{tokens}`. */
  async listTokens() {
    return this.call('tokens.list', {});
  }

  /** `certificates.select`: the person picks a certificate (and approves the attributes). */
  async selectCertificate(options) {
    return this.call('certificates.select', pick(options, ['purpose', 'filter', 'attributes', 'reason']));
  }

  /** `auth.authenticate`: a Web eID authentication token over the page's origin and the nonce. */
  async authenticate(options) {
    return this.call('auth.authenticate', pick(options, ['challengeNonce', 'filter', 'attributes']));
  }

  /** `sign.cms`: a CAdES-BES signature of `data` (or of a `hash`). */
  async signCms(options) {
    return this.call('sign.cms', pick(options,
      ['certId', 'data', 'hash', 'hashAlgorithm', 'detached', 'documentName', 'description'], ['data', 'hash']));
  }

  /** `sign.batch`: several documents, one confirmation and one PIN. */
  async signBatch(options) {
    const params = pick(options, ['certId', 'items', 'detached']);
    if (Array.isArray(params.items)) {
      params.items = params.items.map((item) => pick(item,
        ['data', 'hash', 'hashAlgorithm', 'documentName'], ['data', 'hash']));
    }
    return this.call('sign.batch', params);
  }

  /** `sign.hash`: a raw signature of a digest; only for non-repudiation-only certificates. */
  async signHash(options) {
    return this.call('sign.hash', pick(options,
      ['certId', 'hash', 'hashAlgorithm', 'documentName', 'description'], ['hash']));
  }

  /** `csr.create`: a new key on a token and a PKCS#10 request for it. */
  async createCsr(options) {
    return this.call('csr.create', pick(options,
      ['tokenId', 'keyAlgorithm', 'subject', 'challengePassword', 'renewOf', 'label']));
  }

  /** `cert.import`: stores an issued certificate next to its key. */
  async importCertificate(options) {
    const params = pick(options, ['certificate', 'chain'], ['certificate'], ['certificate']);
    if (Array.isArray(params.chain)) params.chain = params.chain.map((c, i) => binaryParam(c, `chain[${i}]`, { pem: true }));
    return this.call('cert.import', params);
  }

  /** Closes the connection; pending requests reject with {@link ConnectionClosedError}. */
  close() {
    if (!this.#closed) {
      try {
        if (this.#ws.readyState < WS_CLOSING) this.#ws.close(1000);
      } catch {
        // already closing
      }
      this.#onClosed(1000, 'closed by the page');
    }
  }

  #settle(id) {
    const entry = this.#pending.get(id);
    if (entry) {
      this.#pending.delete(id);
      if (entry.timer !== null) clearTimeout(entry.timer);
    }
    return entry;
  }

  #onMessage(event) {
    if (typeof event?.data !== 'string') return; // the protocol has text frames only
    let msg;
    try {
      msg = JSON.parse(event.data);
    } catch {
      return;
    }
    if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) return;
    const hasId = Object.prototype.hasOwnProperty.call(msg, 'id');
    if (hasId && (typeof msg.id === 'number' || typeof msg.id === 'string')) {
      const entry = this.#settle(msg.id);
      if (!entry) return; // timed out earlier, or not ours
      if (msg.error !== undefined) entry.reject(errorFromRpc(msg.error));
      else entry.resolve(msg.result);
      return;
    }
    if (!hasId && typeof msg.method === 'string') {
      this.#emit(msg.method, msg.params ?? {});
    }
  }

  #emit(event, payload) {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (e) {
        // a failing listener must not stop the others nor the connection
        if (typeof globalThis.reportError === 'function') globalThis.reportError(e);
      }
    }
  }

  #onClosed(code, reason) {
    if (this.#closed) return;
    this.#closed = true;
    const pending = [...this.#pending.keys()];
    for (const id of pending) {
      const entry = this.#settle(id);
      entry.reject(new ConnectionClosedError(`The connection to Pechatka was closed before it answered ${entry.method}.`,
        { data: { closeCode: code, closeReason: reason } }));
    }
    this.#emit('close', { code, reason });
  }
}

// ---- connecting -------------------------------------------------------------------------------

function normalizeUrl(url) {
  let u;
  try {
    u = new URL(String(url));
  } catch {
    throw new TypeError(`not a URL: ${url}`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new TypeError('the Pechatka URL must be https://');
  return u.origin; // no path, no trailing slash
}

/**
 * The state of the browser's loopback permission ('granted' | 'prompt' | 'denied'), or null when
 * the browser has no such permission (or no Permissions API).
 */
async function loopbackPermissionState(permissions) {
  if (!permissions || typeof permissions.query !== 'function') return null;
  for (const name of ['loopback-network', 'local-network-access']) {
    try {
      const status = await permissions.query({ name });
      if (status && typeof status.state === 'string') return status.state;
      return null;
    } catch (e) {
      // an unknown permission name is a TypeError: try the older name, then give up
      if (e instanceof TypeError || e?.name === 'TypeError') continue;
      return null;
    }
  }
  return null;
}

function withDeadline(promise, deadline, onTimeout) {
  const remaining = deadline - Date.now();
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), Math.max(0, remaining));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const TIMED_OUT = Symbol('timed out');

/**
 * Step 2: a plain `fetch` of `/v1/info`. In Chrome 142+ this is what shows the "apps on this
 * device" prompt on a public site. Resolves with the info, or with null when nothing answered.
 */
async function probeInfo(fetchFn, url, fetchOptions, deadline) {
  const controller = typeof AbortController === 'function' ? new AbortController() : null;
  const init = {
    method: 'GET', cache: 'no-store', credentials: 'omit', redirect: 'error',
    ...(controller ? { signal: controller.signal } : {}), ...fetchOptions,
  };
  let response;
  try {
    response = await withDeadline(fetchFn(`${url}/v1/info`, init), deadline, () => TIMED_OUT);
  } catch (e) {
    if (e === TIMED_OUT) controller?.abort();
    return { response: null, timedOut: e === TIMED_OUT };
  }
  if (response.status === 403) {
    throw new OriginNotAllowedError(undefined, { data: { stage: 'info', status: 403 } });
  }
  let body = null;
  if (response.ok) {
    try {
      body = await response.json();
    } catch {
      body = null;
    }
  }
  if (!body || typeof body !== 'object' || body.name !== 'Pechatka') {
    throw new ProtocolVersionError(`Something other than Pechatka answers on ${url}. `
      + 'Check the port in Pechatka\'s settings.', { data: { status: response.status } });
  }
  if (body.protocol !== PROTOCOL_VERSION) {
    throw new ProtocolVersionError(`Pechatka ${body.version ?? ''} speaks protocol ${body.protocol}; this page needs `
      + `protocol ${PROTOCOL_VERSION}. Update Pechatka or this page.`,
    { data: { protocol: body.protocol, version: body.version } });
  }
  return { response: body, timedOut: false };
}

/**
 * Whether anything answers HTTP on the endpoint. A `no-cors` fetch resolves (opaque) whenever the
 * server answered, even when CORS refused this origin, and rejects when nothing answers.
 */
async function answersAtAll(fetchFn, url, fetchOptions, deadline) {
  if (deadline - Date.now() <= 0) return false;
  try {
    // no `redirect: 'error'` here: Chromium fails every no-cors fetch that sets it
    await withDeadline(fetchFn(`${url}/v1/info`, {
      method: 'GET', mode: 'no-cors', cache: 'no-store', credentials: 'omit', ...fetchOptions,
    }), Math.min(deadline, Date.now() + 5000), () => TIMED_OUT);
    return true;
  } catch {
    return false;
  }
}

/** Step 3: opens the WebSocket; resolves when open, rejects (with nothing useful) otherwise. */
function openSocket(WS, wsUrl, webSocketOptions, deadline) {
  return new Promise((resolve, reject) => {
    let ws;
    try {
      ws = webSocketOptions === undefined ? new WS(wsUrl) : new WS(wsUrl, webSocketOptions);
    } catch (e) {
      reject(e);
      return;
    }
    let done = false;
    const finish = (ok, why) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      ws.removeEventListener('open', onOpen);
      ws.removeEventListener('error', onFail);
      ws.removeEventListener('close', onFail);
      if (ok) {
        resolve(ws);
      } else {
        try {
          ws.close();
        } catch {
          // never opened
        }
        reject(why);
      }
    };
    const onOpen = () => finish(true);
    const onFail = (event) => finish(false, event);
    const timer = setTimeout(() => finish(false, TIMED_OUT), Math.max(0, deadline - Date.now()));
    ws.addEventListener('open', onOpen);
    ws.addEventListener('error', onFail);
    ws.addEventListener('close', onFail);
  });
}

/**
 * Connects to Pechatka.
 *
 * 1. Asks the Permissions API for `loopback-network` (Chrome 145+), else `local-network-access`.
 *    A `denied` state alone does not stop us: a page that itself runs on loopback needs no
 *    permission, and some browsers report `denied` there.
 * 2. `fetch(url + '/v1/info')` (this shows the browser's permission prompt where there is one).
 *    Nothing answers → {@link PermissionDeniedError} if the permission was or is now denied, else
 *    {@link OriginNotAllowedError} if Pechatka answered but refused this site, else
 *    {@link NotRunningError}. Not Pechatka protocol 1 → {@link ProtocolVersionError}.
 * 3. Opens `wss://…/v1/ws`. Failure → {@link PermissionDeniedError} if the permission is now
 *    denied, else {@link ConnectionRefusedError} (Pechatka answered step 2 a moment ago).
 *
 * @returns {Promise<PechatkaClient>}
 */
export async function connect(options = {}) {
  const url = normalizeUrl(options.url ?? DEFAULT_URL);
  const WS = options.WebSocket ?? globalThis.WebSocket;
  const fetchFn = options.fetch ?? (typeof globalThis.fetch === 'function'
    ? (input, init) => globalThis.fetch(input, init) : null);
  const permissions = options.permissions !== undefined ? options.permissions : globalThis.navigator?.permissions;
  const fetchOptions = options.fetchOptions ?? {};
  const timeoutMs = options.timeoutMs ?? CONNECT_TIMEOUT_MS;
  if (typeof WS !== 'function') throw new TypeError('no WebSocket implementation: pass options.WebSocket');
  if (typeof fetchFn !== 'function') throw new TypeError('no fetch implementation: pass options.fetch');
  const deadline = Date.now() + timeoutMs;

  const deniedBefore = await loopbackPermissionState(permissions) === 'denied';

  const probe = await probeInfo(fetchFn, url, fetchOptions, deadline);
  if (probe.response === null) {
    if (deniedBefore || await loopbackPermissionState(permissions) === 'denied') {
      throw new PermissionDeniedError(undefined, { data: { stage: 'info' } });
    }
    if (!probe.timedOut && await answersAtAll(fetchFn, url, fetchOptions, deadline)) {
      throw new OriginNotAllowedError(undefined, { data: { stage: 'info' } });
    }
    throw new NotRunningError(undefined, { data: { stage: 'info', timedOut: probe.timedOut, url } });
  }

  const wsUrl = `${url.replace(/^http/, 'ws')}/v1/ws`;
  let ws;
  try {
    ws = await openSocket(WS, wsUrl, options.webSocketOptions, deadline);
  } catch (why) {
    if (await loopbackPermissionState(permissions) === 'denied') {
      throw new PermissionDeniedError(undefined, { data: { stage: 'websocket' } });
    }
    if (why === TIMED_OUT) {
      throw new NotRunningError(undefined, { data: { stage: 'websocket', timedOut: true, url } });
    }
    throw new ConnectionRefusedError(undefined, { data: { stage: 'websocket' } });
  }
  return new PechatkaClient(ws, { url, serverInfo: probe.response, requestTimeoutMs: options.requestTimeoutMs });
}

/** Everything above as one object, for `import Pechatka from './pechatka.js'`. */
const Pechatka = Object.freeze({
  DEFAULT_URL, PROTOCOL_VERSION, connect, PechatkaClient, errorFromRpc, bytesToBase64, base64ToBytes, isBase64,
  PechatkaError, NotRunningError, PermissionDeniedError, ConnectionRefusedError, OriginNotAllowedError,
  ProtocolVersionError, ConnectionClosedError, RequestTimeoutError, ParseError, InvalidRequestError,
  MethodNotFoundError, InvalidParamsError, InternalError, UserCancelledError, UserTimeoutError, ActionPendingError,
  PinIncorrectError, PinLockedError, TokenNotPresentError, TokenRemovedError, TokenError, KeyNotFoundError,
  CertificateUnusableError, AlgorithmUnsupportedError, OperationNotAllowedError,
});
export { Pechatka };
export default Pechatka;
