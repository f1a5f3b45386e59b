// The console talks to the node only through the native API (/api/v1) — the same routes any client
// uses — authenticated by the session cookie. Every change carries the session's CSRF token.

/** An error answer of the API (application/problem+json), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `request failed (${status})`);
    this.status = status;
    this.problem = problem || {};
    this.field = this.problem.field || null;
  }

  /** A stale version (someone else changed the thing since it was read). */
  get stale() {
    return this.status === 409 && this.problem.current_version !== undefined || this.status === 412;
  }
}

let csrfToken = null;
let onSessionEnded = () => {};

export function setCsrfToken(token) {
  csrfToken = token;
}

/** Called when an API answer says the session is gone (401): the app shows the sign-in page. */
export function whenSessionEnds(fn) {
  onSessionEnded = fn;
}

/**
 * Sends a request and answers {status, data, etag}. Throws ApiError for any non-2xx answer.
 * options: {body (object, sent as JSON), ifMatch (version number), query (object)}
 */
export async function request(method, path, {body, ifMatch, query, signal} = {}) {
  let url = path;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') qs.set(k, v);
    }
    const s = qs.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }
  const headers = {Accept: 'application/json, application/problem+json'};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (ifMatch !== undefined && ifMatch !== null) headers['If-Match'] = `"${ifMatch}"`;
  let res;
  try {
    res = await fetch(url, {method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin', cache: 'no-store', signal});
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, {detail: 'the node did not answer; check that it is running and try again'});
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = {detail: text}; }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    if (res.status === 401 && path.startsWith('/api/')) onSessionEnded(err);
    throw err;
  }
  const tag = res.headers.get('ETag');
  const etag = tag ? Number(tag.replace(/^W\//, '').replace(/"/g, '')) : null;
  return {status: res.status, data, etag};
}

export const api = {
  get: (path, query, signal) => request('GET', path, {query, signal}).then(r => r.data),
  post: (path, body) => request('POST', path, {body}).then(r => r.data),
  patch: (path, body) => request('PATCH', path, {body}).then(r => r.data),
  put: (path, body) => request('PUT', path, {body}).then(r => r.data),
  del: (path) => request('DELETE', path).then(r => r.data),
};

/** Fetches every page of a paged list ({items field, total, offset}). */
export async function getAll(path, field, query = {}) {
  const out = [];
  for (let offset = 0; offset < 100000;) {
    const page = await api.get(path, {...query, offset, limit: 1000});
    out.push(...page[field]);
    if (page[field].length === 0 || out.length >= page.total) break;
    offset = out.length;
  }
  return out;
}

// Console session routes (not data: they only open, show and end the cookie session).
export const session = {
  async current() {
    try {
      return (await request('GET', '/console/session')).data;
    } catch (e) {
      if (e.status === 401) return null;
      throw e;
    }
  },
  signIn: (credentials) => request('POST', '/console/session', {body: credentials}).then(r => r.data),
  signOut: () => request('DELETE', '/console/session'),
};
