// Live view: the sessions and conferences running now in this account. The node pushes every change
// (server-sent events, GET /api/v1/live/stream, event "live"; the console's cookie authenticates it);
// where the stream cannot be used the page asks GET /api/v1/live every few seconds instead.
import {api, getAll} from '../api.js';
import {announce, h, pageHeading, replace, table, timeEl} from '../dom.js';
import {between, duration} from '../history.js';

const STREAM = '/api/v1/live/stream';
const POLL_EVERY_MS = 3000;
const TICK_MS = 1000;
const APPS_REFRESH_MS = 30_000;
const FRESH_MS = 4000;

export default async function render(main, ctx) {
  let apps = await getAll('/api/v1/applications', 'applications');
  let appsAt = Date.now();
  let snapshot = null;
  let source = null;
  let pollTimer = null;
  let mode = 'connecting';
  const firstSeen = new Map();   // session id -> when this page first saw it (to mark new rows for a moment)

  const status = h('p', {class: 'live-status', role: 'status'});
  const sessionsBox = h('div', {});
  const confsBox = h('div', {});

  const appName = (id) => (apps.find(a => a.id === id) || {name: `#${id}`}).name;

  async function refreshAppsFor(data) {
    const unknown = data.sessions.some(s => !apps.some(a => a.id === s.application_id));
    if (unknown && Date.now() - appsAt > APPS_REFRESH_MS) {
      appsAt = Date.now();
      apps = await getAll('/api/v1/applications', 'applications');
    }
  }

  function setMode(m) {
    if (m === mode && status.childNodes.length) return;
    mode = m;
    const text = {
      connecting: 'Connecting…',
      stream: 'Live: changes appear as they happen.',
      reconnecting: 'The connection to the node dropped; reconnecting…',
      polling: `Updating every ${POLL_EVERY_MS / 1000} s (the live stream is not available).`,
    }[m];
    replace(status, h('span', {class: `live-dot${m === 'stream' || m === 'polling' ? '' : ' off'}`, 'aria-hidden': 'true'}), text,
      m === 'polling' && typeof EventSource === 'function'
        ? h('button', {type: 'button', class: 'button secondary small retry', onclick: () => { stopPolling(); connect(); }},
          'Try the stream again')
        : null);
    status.dataset.mode = m;
  }

  /** Which link had the focus (by its href), so that a re-render can give it back. */
  function focusedHref() {
    const el = document.activeElement;
    return el && (sessionsBox.contains(el) || confsBox.contains(el)) ? el.getAttribute('href') : null;
  }

  function show(data) {
    const before = snapshot;
    snapshot = data;
    const keep = focusedHref();
    const now = Date.now();
    for (const s of data.sessions) if (!firstSeen.has(s.session_id)) firstSeen.set(s.session_id, before ? now : 0);
    const ids = new Set(data.sessions.map(s => s.session_id));
    for (const id of [...firstSeen.keys()]) if (!ids.has(id)) firstSeen.delete(id);

    replace(sessionsBox, table('Sessions running now', [
      {label: 'Session', cell: s => h('a', {href: `#/sessions/${encodeURIComponent(s.session_id)}`, class: 'mono'}, s.session_id)},
      {label: 'Application', cell: s => h('a', {href: `#/applications/${s.application_id}/sessions`}, appName(s.application_id))},
      {label: 'Started', cell: s => timeEl(s.started_at)},
      {label: 'Running for', cell: s => h('span', {dataset: {since: s.started_at}}, duration(between(s.started_at)))},
      {label: 'Calls', cell: s => String(s.calls)},
    ], data.sessions, {
      empty: 'No session is running.',
      rowAttrs: s => ({dataset: {sessionId: s.session_id}, class: now - (firstSeen.get(s.session_id) || 0) < FRESH_MS ? 'fresh' : null}),
    }));
    replace(confsBox, table('Conferences in progress', [
      {label: 'Conference', cell: c => h('span', {class: 'mono strong'}, c.name)},
      {label: 'Application', cell: c => c.application_id ? appName(c.application_id) : '—'},
      {label: 'Session', cell: c => h('a', {href: `#/sessions/${encodeURIComponent(c.session_id)}`, class: 'mono'}, c.session_id)},
      {label: 'Participants', cell: c => String(c.participants)},
    ], data.conferences, {empty: 'No conference is in progress.', rowAttrs: c => ({dataset: {conference: c.name}})}));

    if (keep) {
      const again = [...main.querySelectorAll('a[href]')].find(a => a.getAttribute('href') === keep);
      if (again) again.focus();
    }
    if (before) {
      const old = new Set(before.sessions.map(s => s.session_id));
      const started = data.sessions.filter(s => !old.has(s.session_id)).length;
      const ended = before.sessions.filter(s => !ids.has(s.session_id)).length;
      const parts = [];
      if (started) parts.push(started === 1 ? '1 session started' : `${started} sessions started`);
      if (ended) parts.push(ended === 1 ? '1 session ended' : `${ended} sessions ended`);
      if (parts.length) announce(`${parts.join(', ')}; ${data.sessions.length} running.`);
    }
  }

  let receivedSeq = 0;
  async function received(data) {
    if (!ctx.isCurrent() || !data || !Array.isArray(data.sessions) || !Array.isArray(data.conferences)) return;
    const seq = ++receivedSeq;
    await refreshAppsFor(data).catch(() => {});
    // A newer snapshot that arrived while the application names were read wins.
    if (ctx.isCurrent() && seq === receivedSeq) show(data);
  }

  function connect() {
    if (typeof EventSource !== 'function') {
      startPolling();
      return;
    }
    setMode('connecting');
    const es = new EventSource(STREAM);
    source = es;
    es.addEventListener('live', (e) => {
      if (source !== es) return;
      setMode('stream');
      let data;
      try {
        data = JSON.parse(e.data);
      } catch {
        return;
      }
      received(data);
    });
    es.addEventListener('open', () => { if (source === es) setMode('stream'); });
    es.addEventListener('error', () => {
      if (source !== es) return;
      if (es.readyState === EventSource.CLOSED) {
        // The node refused the stream (not there, or the session ended): ask instead; a 401 signs out.
        source = null;
        startPolling();
      } else {
        setMode('reconnecting');
      }
    });
  }

  function stopStream() {
    if (source) {
      source.close();
      source = null;
    }
  }

  function startPolling() {
    stopStream();
    setMode('polling');
    clearTimeout(pollTimer);
    poll();
  }

  function stopPolling() {
    clearTimeout(pollTimer);
    pollTimer = null;
  }

  async function poll() {
    pollTimer = null;
    if (!ctx.isCurrent() || mode !== 'polling') return;
    try {
      await received(await api.get('/api/v1/live'));
    } catch (e) {
      if (e.status === 401) return;
    }
    if (ctx.isCurrent() && mode === 'polling') pollTimer = setTimeout(poll, POLL_EVERY_MS);
  }

  const ticker = setInterval(() => {
    main.querySelectorAll('[data-since]').forEach(el => { el.textContent = duration(between(el.dataset.since)); });
    const now = Date.now();
    main.querySelectorAll('tr.fresh').forEach(tr => {
      if (now - (firstSeen.get(tr.dataset.sessionId) || 0) >= FRESH_MS) tr.classList.remove('fresh');
    });
  }, TICK_MS);

  replace(sessionsBox, h('p', {class: 'empty'}, 'Waiting for the node…'));
  replace(main, pageHeading('Live'),
    status,
    h('section', {'aria-labelledby': 'live-sessions-title'}, h('h2', {id: 'live-sessions-title'}, 'Sessions'), sessionsBox),
    h('section', {'aria-labelledby': 'live-confs-title', class: 'live-confs'}, h('h2', {id: 'live-confs-title'}, 'Conferences'), confsBox));
  setMode('connecting');
  connect();
  return () => {
    stopStream();
    stopPolling();
    clearInterval(ticker);
    mode = 'closed';
  };
}
