// The API as the pages call it: the bearer token, problem details turned into errors that say
// what went wrong, and paths relative to where the WAR is deployed.

const TOKEN_KEY = 'chatstream.token';
const BASE = new URL('../api/', import.meta.url);

/** An answer that was not 2xx, with its problem detail (RFC 9457) when the server sent one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The server answered ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export class Api {
  /** The token lives in this tab's session storage: a reload keeps it, closing the tab ends it. */
  get token() { return sessionStorage.getItem(TOKEN_KEY); }
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  }

  url(path, query = {}) {
    const url = new URL(path, BASE);
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, value);
    }
    return url;
  }

  /** A JSON request; resolves to the parsed body (null for 204). */
  async json(method, path, body, query) {
    const response = await this.#send(method, this.url(path, query), body, { Accept: 'application/json' });
    return response.status === 204 ? null : response.json();
  }

  /** A multipart upload of a FormData. */
  async form(path, formData) {
    const response = await this.#send('POST', this.url(path), formData, { Accept: 'application/json' });
    return response.json();
  }

  /** A request whose answer is an event stream; resolves to the response once its status is known. */
  stream(method, path, body, headers = {}, signal) {
    return this.#send(method, this.url(path), body, { Accept: 'text/event-stream', ...headers }, signal);
  }

  async #send(method, url, body, headers, signal) {
    const all = { ...headers };
    if (this.token) all.Authorization = `Bearer ${this.token}`;
    let payload = body;
    if (body !== undefined && !(body instanceof FormData)) {
      all['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(url, { method, headers: all, body: payload, signal, cache: 'no-store' });
    if (!response.ok) {
      const type = response.headers.get('Content-Type') || '';
      const problem = type.includes('json') ? await response.json().catch(() => null) : null;
      throw new ApiError(response.status, problem);
    }
    return response;
  }
}

export const api = new Api();

/** A random id; crypto.randomUUID exists only on secure origins, getRandomValues everywhere. */
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map(byte => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
