// Call history: the account's calls, newest first, filtered by time, number and application
// (GET /api/v1/calls). A call's session opens as a timeline of its log.
import {api, getAll} from '../api.js';
import {announce, clearErrors, field, h, pageHeading, replace, showError, table, timeEl} from '../dom.js';
import {duration, endBadge, pager, rangeProblem, rangeQuery, rememberFilters, timeRange} from '../history.js';

const PAGE_SIZE = 50;

/**
 * One page of a list the API gives oldest first, counted from the newest end. The first request
 * learns the total (and is the whole answer when everything fits one page); the second reads the
 * slice. Calls arriving between the two requests can shift a page by as many entries.
 */
async function newestFirst(path, itemsField, query, page) {
  const head = await api.get(path, {...query, offset: 0, limit: PAGE_SIZE});
  const end = head.total - page * PAGE_SIZE;
  let body = head;
  if (end <= 0) {
    body = {[itemsField]: [], total: head.total};
  } else if (head.total > PAGE_SIZE) {
    const start = Math.max(0, end - PAGE_SIZE);
    body = await api.get(path, {...query, offset: start, limit: end - start});
  }
  const items = body[itemsField].slice().sort((a, b) => Date.parse(b.started_at) - Date.parse(a.started_at));
  return {items, total: body.total};
}

function result(c) {
  if (!c.ended_at) return endBadge(null);
  const code = c.sip_code ? ` (${c.sip_code})` : '';
  return h('span', {class: `badge${c.answered_at ? '' : ' warn'}`}, `${c.disconnect_reason || 'ended'}${code}`);
}

export default async function render(main, ctx) {
  const apps = await getAll('/api/v1/applications', 'applications');
  const appName = (id) => (apps.find(a => a.id === id) || {name: `#${id}`}).name;
  const filters = {
    range: ctx.query.range || '', from: ctx.query.from || '', to: ctx.query.to || '',
    number: ctx.query.number || '', app: ctx.query.app || '', page: Number(ctx.query.page) || 0,
  };

  const time = timeRange(filters);
  const form = h('form', {class: 'card filters-card', novalidate: true, role: 'search', 'aria-label': 'Filter calls'},
    h('div', {class: 'filters'},
      time.elements,
      field({name: 'number', label: 'Number', type: 'search', value: filters.number, inputmode: 'tel',
        placeholder: '+15551230000', help: 'Calls from or to exactly this number or name.'}),
      field({name: 'app', label: 'Application', type: 'select', value: filters.app,
        options: [{value: '', label: 'All applications'}, ...apps.map(a => ({value: a.id, label: a.name}))]}),
      h('div', {class: 'actions end'},
        h('button', {type: 'button', class: 'button secondary', onclick: () => reset()}, 'Clear'),
        h('button', {type: 'submit', class: 'button primary'}, 'Show calls'))));
  const listBox = h('div', {class: 'list-box', 'aria-live': 'off'});
  const pagerTop = h('div', {});

  async function load({focusList = false} = {}) {
    const query = {...rangeQuery(filters), number: filters.number.trim(), application_id: filters.app};
    let page;
    try {
      page = await newestFirst('/api/v1/calls', 'calls', query, filters.page);
    } catch (err) {
      if (err.status === 401) throw err;
      showError(form, err, {application_id: 'app'});
      return;
    }
    if (!ctx.isCurrent()) return;
    if (page.items.length === 0 && filters.page > 0 && page.total > 0) {
      filters.page = 0;
      await load({focusList});
      return;
    }
    const empty = filters.number || filters.app || filters.range
      ? 'No calls match these filters.' : 'No calls yet. Calls to this account\'s numbers and applications appear here.';
    replace(listBox, table('Calls, newest first', [
      {label: 'Started', cell: c => timeEl(c.started_at)},
      {label: 'Direction', cell: c => h('span', {}, h('span', {class: 'badge'}, c.direction), ' ',
        h('span', {class: 'subtle'}, c.client_type))},
      {label: 'From', cell: c => h('span', {class: 'mono'}, c.from)},
      {label: 'To', cell: c => h('span', {class: 'mono'}, c.to)},
      {label: 'Application', cell: c => h('a', {href: `#/applications/${c.application_id}/sessions`}, appName(c.application_id))},
      {label: 'Duration', cell: c => c.answered_at ? duration(c.duration_ms) : h('span', {class: 'subtle'}, 'not answered')},
      {label: 'Result', cell: result},
      {label: 'Session', class: 'actions-col', cell: c => c.session_id
        ? h('a', {class: 'button secondary small', href: `#/sessions/${encodeURIComponent(c.session_id)}?call=${encodeURIComponent(c.call_id)}`,
          'aria-label': `Timeline of the call from ${c.from} to ${c.to}`}, 'Timeline')
        : h('span', {class: 'subtle'}, 'no session')},
    ], page.items, {empty, rowAttrs: c => ({dataset: {callId: c.call_id, sessionId: c.session_id || ''}})}));
    replace(pagerTop, pager({page: filters.page, pageSize: PAGE_SIZE, total: page.total, shown: page.items.length,
      label: 'Calls', onPage: (p) => { filters.page = p; save(); load({focusList: true}); }}));
    announce(page.total === 1 ? '1 call' : `${page.total} calls`);
    if (focusList) listBox.querySelector('a, button')?.focus();
  }

  function save() {
    rememberFilters('/calls', {range: filters.range, from: filters.from, to: filters.to, number: filters.number.trim(),
      app: filters.app, page: filters.page});
  }

  function reset() {
    form.reset();
    form.elements.range.value = '';
    form.elements.range.dispatchEvent(new Event('change'));
    form.elements.number.value = '';
    form.elements.app.value = '';
    form.requestSubmit();
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const t = time.read(form);
    const problem = rangeProblem(t);
    if (problem) {
      showError(form, problem);
      return;
    }
    Object.assign(filters, t, {number: form.elements.number.value, app: form.elements.app.value, page: 0});
    save();
    await load();
  });

  await load();
  replace(main, pageHeading('Call history'),
    h('p', {class: 'help'}, 'Every call leg the node carried for this account. Open a call\'s session to see its log as a timeline.'),
    form, pagerTop, listBox);
}
