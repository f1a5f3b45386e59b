// One scenario session: its summary (GET /api/v1/sessions/{id}), its call legs (from the call history)
// and its log as a timeline (GET /api/v1/sessions/{id}/log), in order, filterable by kind and text.
// While the session runs the page follows it: new log lines appear and the end is announced.
import {api} from '../api.js';
import {announce, h, replace, table, timeEl, uid, when} from '../dom.js';
import {between, duration, endBadge, offset} from '../history.js';

const KINDS = {
  LOG: {label: 'Logger', badge: 'badge'},
  LIFECYCLE: {label: 'Lifecycle', badge: 'badge accent'},
  SCRIPT_ERROR: {label: 'Script error', badge: 'badge danger'},
  LIMIT: {label: 'Limit', badge: 'badge warn'},
};
const KIND_ORDER = ['LOG', 'LIFECYCLE', 'SCRIPT_ERROR', 'LIMIT'];
/** A running session is read again this often, and less often as its log grows (the log is read whole). */
const FOLLOW_EVERY_MS = 2000;
const FOLLOW_MAX_MS = 30_000;
const SHOW_STEP = 500;
/** Call legs are looked up this long before the session started (an inbound call rings first). */
const CALL_LEAD_MS = 10 * 60_000;

function kindOf(k) {
  return KINDS[k] || {label: k.toLowerCase(), badge: 'badge'};
}

export default async function render(main, ctx) {
  const id = ctx.params.session;
  const path = `/api/v1/sessions/${encodeURIComponent(id)}`;
  let session;
  try {
    session = await api.get(path);
  } catch (e) {
    if (e.status !== 404) throw e;
    replace(main, h('h1', {tabindex: '-1'}, 'No such session'),
      h('p', {}, 'This account has no session ', h('code', {}, id), '. Sessions that ended long ago are deleted with their logs.'),
      h('p', {}, h('a', {href: '#/calls'}, 'Go to the call history')));
    return;
  }
  const app = await api.get(`/api/v1/applications/${session.application_id}`).catch(e => {
    if (e.status === 401) throw e;
    return {id: session.application_id, name: `#${session.application_id}`};
  });
  const rule = session.rule_id
    ? await api.get(`/api/v1/applications/${session.application_id}/rules`)
      .then(r => r.rules.find(x => x.id === session.rule_id) || null)
      .catch(e => { if (e.status === 401) throw e; return null; })
    : null;
  const logPath = session.log_url && session.log_url.startsWith('/api/') ? session.log_url : `${path}/log`;
  let entries = (await api.get(logPath)).entries;
  let shown = SHOW_STEP;
  let timer = null;
  const hidden = new Set();   // kinds the person unticked

  const factsBox = h('div', {class: 'card'});
  const callsBox = h('section', {'aria-labelledby': 'legs-title'});
  const countBox = h('p', {class: 'subtle', role: 'status'});
  const timeline = h('ol', {class: 'timeline', 'aria-labelledby': 'timeline-title', id: 'timeline'});
  const moreBox = h('div', {});
  const findId = uid('find');
  const find = h('input', {id: findId, type: 'search', autocomplete: 'off', spellcheck: 'false', 'aria-controls': 'timeline'});
  const kindBoxes = h('div', {class: 'kind-filter'});

  function renderFacts() {
    const running = !session.ended_at;
    replace(factsBox,
      h('dl', {class: 'facts two'},
        h('dt', {}, 'Status'), h('dd', {}, endBadge(session.ended_at, session.end_reason)),
        h('dt', {}, 'Application'), h('dd', {}, h('a', {href: `#/applications/${app.id}/sessions`}, app.name)),
        h('dt', {}, 'Rule'), h('dd', {}, !session.rule_id ? h('span', {class: 'subtle'}, 'none')
          : rule ? h('a', {href: `#/applications/${app.id}/rules`}, rule.name, ' ', h('code', {}, rule.pattern))
            : h('span', {class: 'subtle'}, `#${session.rule_id} (since deleted)`)),
        h('dt', {}, 'Scenarios'), h('dd', {}, session.scenarios.length
          ? h('span', {class: 'chip-list'}, session.scenarios.map(n => h('span', {class: 'chip'}, n))) : 'none'),
        h('dt', {}, 'Started'), h('dd', {}, timeEl(session.started_at)),
        h('dt', {}, 'Ended'), h('dd', {}, running ? h('span', {class: 'subtle'}, 'still running') : timeEl(session.ended_at)),
        h('dt', {}, 'Duration'), h('dd', {}, duration(between(session.started_at, session.ended_at)), running ? ' so far' : ''),
        session.end_reason ? [h('dt', {}, 'End reason'), h('dd', {}, session.end_reason)] : null));
  }

  async function loadCalls() {
    const from = new Date(Date.parse(session.started_at) - CALL_LEAD_MS).toISOString();
    const to = session.ended_at ? new Date(Date.parse(session.ended_at) + 60_000).toISOString() : undefined;
    let calls;
    try {
      calls = (await api.get('/api/v1/calls', {application_id: session.application_id, from, to, limit: 1000})).calls
        .filter(c => c.session_id === session.session_id);
    } catch (e) {
      if (e.status === 401) throw e;
      replace(callsBox, h('h2', {id: 'legs-title'}, 'Calls'), h('p', {class: 'form-error'}, `The call legs could not be read: ${e.message}`));
      return;
    }
    replace(callsBox, h('h2', {id: 'legs-title'}, 'Calls'), table('Calls of this session', [
      {label: 'Started', cell: c => timeEl(c.started_at)},
      {label: 'Direction', cell: c => h('span', {}, h('span', {class: 'badge'}, c.direction), ' ', h('span', {class: 'subtle'}, c.client_type))},
      {label: 'From', cell: c => h('span', {class: 'mono'}, c.from)},
      {label: 'To', cell: c => h('span', {class: 'mono'}, c.to)},
      {label: 'Duration', cell: c => c.answered_at ? duration(c.duration_ms) : h('span', {class: 'subtle'}, 'not answered')},
      {label: 'Result', cell: c => c.ended_at ? `${c.disconnect_reason || 'ended'}${c.sip_code ? ` (${c.sip_code})` : ''}` : endBadge(null)},
    ], calls, {
      empty: 'No calls: this session was started over HTTP (StartScenarios) or has not placed or taken a call.',
      rowAttrs: c => ({dataset: {callId: c.call_id}, class: c.call_id === ctx.query.call ? 'selected' : null,
        'aria-current': c.call_id === ctx.query.call ? 'true' : null}),
    }));
  }

  function renderKindBoxes() {
    const counts = new Map();
    for (const e of entries) counts.set(e.kind, (counts.get(e.kind) || 0) + 1);
    const kinds = [...new Set([...KIND_ORDER.filter(k => counts.has(k)), ...counts.keys()])];
    replace(kindBoxes, kinds.map(k => {
      const boxId = uid('kind');
      return h('span', {class: 'kind-choice'},
        h('input', {type: 'checkbox', id: boxId, checked: !hidden.has(k), dataset: {kind: k}, onchange: (e) => {
          if (e.target.checked) hidden.delete(k); else hidden.add(k);
          renderTimeline();
        }}),
        h('label', {for: boxId}, `${kindOf(k).label} (${counts.get(k)})`));
    }));
  }

  function renderTimeline() {
    const needle = find.value.trim().toLowerCase();
    const start = session.started_at;
    const matching = entries.filter(e => !hidden.has(e.kind) && (!needle || e.message.toLowerCase().includes(needle)));
    const page = matching.slice(0, shown);
    replace(timeline, page.map((e, i) => h('li', {dataset: {kind: e.kind, seq: i}, class: `entry ${e.kind.toLowerCase()}`},
      h('time', {datetime: e.at, title: when(e.at)}, offset(start, e.at)),
      h('span', {class: kindOf(e.kind).badge}, kindOf(e.kind).label),
      h('span', {class: 'text'}, e.message))));
    if (!entries.length) timeline.append(h('li', {class: 'empty-entry'}, 'The log is empty.'));
    else if (!matching.length) timeline.append(h('li', {class: 'empty-entry'}, 'No line matches.'));
    replace(countBox, matching.length === entries.length
      ? `${entries.length} ${entries.length === 1 ? 'line' : 'lines'}`
      : `${matching.length} of ${entries.length} lines`);
    replace(moreBox, matching.length > shown
      ? h('button', {type: 'button', class: 'button secondary', onclick: () => {
        const first = shown;
        shown += SHOW_STEP;
        renderTimeline();
        timeline.children[first]?.setAttribute('tabindex', '-1');
        timeline.children[first]?.focus();
      }}, `Show ${Math.min(SHOW_STEP, matching.length - shown)} more of ${matching.length - shown}`)
      : null);
  }

  let findTimer = null;
  find.addEventListener('input', () => {
    clearTimeout(findTimer);
    findTimer = setTimeout(renderTimeline, 150);
  });

  async function follow() {
    timer = null;
    if (!ctx.isCurrent()) return;
    try {
      const [s, log] = await Promise.all([api.get(path), api.get(logPath)]);
      if (!ctx.isCurrent()) return;
      const grew = log.entries.length !== entries.length;
      session = s;
      entries = log.entries;
      renderFacts();
      if (grew) {
        renderKindBoxes();
        renderTimeline();
      }
      if (session.ended_at) {
        announce(`The session ended${session.end_reason ? `: ${session.end_reason}` : ''}.`);
        await loadCalls();
        return;
      }
    } catch (e) {
      if (e.status === 401 || e.status === 404) return;
    }
    timer = setTimeout(follow, followDelay());
  }

  function followDelay() {
    return Math.min(FOLLOW_MAX_MS, FOLLOW_EVERY_MS * (1 + Math.floor(entries.length / 2000)));
  }

  renderFacts();
  await loadCalls();
  renderKindBoxes();
  renderTimeline();
  replace(main,
    h('nav', {'aria-label': 'Breadcrumb', class: 'breadcrumb'},
      h('ol', {}, h('li', {}, h('a', {href: '#/applications'}, 'Applications')),
        h('li', {}, h('a', {href: `#/applications/${app.id}/sessions`}, app.name)),
        h('li', {}, h('a', {href: `#/applications/${app.id}/sessions`}, 'Sessions')),
        h('li', {}, h('span', {'aria-current': 'location', class: 'mono'}, id)))),
    h('div', {class: 'page-head'}, h('h1', {tabindex: '-1', id: 'page-title'}, 'Session'),
      h('p', {class: 'subtle mono session-id'}, id),
      ctx.query.call ? h('a', {class: 'button secondary small', href: '#/calls'}, '← Call history') : null),
    factsBox, callsBox,
    h('section', {'aria-labelledby': 'timeline-title', class: 'timeline-section'},
      h('div', {class: 'page-head'}, h('h2', {id: 'timeline-title'}, 'Log'), countBox),
      h('div', {class: 'card timeline-filters', role: 'group', 'aria-label': 'Filter the log'},
        h('div', {class: 'field'}, h('label', {for: findId}, 'Find in the log'), find),
        h('fieldset', {class: 'field kinds'}, h('legend', {}, 'Show'), kindBoxes)),
      timeline, moreBox));
  if (!session.ended_at) timer = setTimeout(follow, followDelay());
  return () => {
    clearTimeout(timer);
    clearTimeout(findTimer);
  };
}
