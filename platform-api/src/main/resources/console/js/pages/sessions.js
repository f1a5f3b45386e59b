// An application's scenario sessions, newest first (GET /api/v1/applications/{id}/sessions): calls'
// sessions and sessions started over HTTP (StartScenarios), which have no call. Each opens as a timeline.
import {api} from '../api.js';
import {applicationHeader} from '../appnav.js';
import {announce, clearErrors, h, replace, showError, table, timeEl} from '../dom.js';
import {between, duration, endBadge, pager, rangeProblem, rangeQuery, rememberFilters, timeRange} from '../history.js';

const PAGE_SIZE = 50;

export default async function render(main, ctx) {
  const appId = ctx.params.app;
  const base = `/api/v1/applications/${appId}/sessions`;
  const {app, header} = await applicationHeader(appId, 'sessions');
  const filters = {range: ctx.query.range || '', from: ctx.query.from || '', to: ctx.query.to || '', page: Number(ctx.query.page) || 0};

  const time = timeRange(filters);
  const form = h('form', {class: 'card filters-card', novalidate: true, role: 'search', 'aria-label': 'Filter sessions'},
    h('div', {class: 'filters'}, time.elements,
      h('div', {class: 'actions end'}, h('button', {type: 'submit', class: 'button primary'}, 'Show sessions'))));
  const listBox = h('div', {});
  const pagerBox = h('div', {});

  async function load({focusList = false} = {}) {
    let page;
    try {
      page = await api.get(base, {...rangeQuery(filters), offset: filters.page * PAGE_SIZE, limit: PAGE_SIZE});
    } catch (err) {
      if (err.status === 401) throw err;
      showError(form, err);
      return;
    }
    if (!ctx.isCurrent()) return;
    replace(listBox, table(`Sessions of ${app.name}, newest first`, [
      {label: 'Started', cell: s => timeEl(s.started_at)},
      {label: 'Session', cell: s => h('a', {href: `#/sessions/${encodeURIComponent(s.session_id)}`, class: 'mono'}, s.session_id)},
      {label: 'Scenarios', cell: s => s.scenarios.length
        ? h('span', {class: 'chip-list'}, s.scenarios.map(n => h('span', {class: 'chip'}, n)))
        : h('span', {class: 'subtle'}, 'none')},
      {label: 'Duration', cell: s => duration(between(s.started_at, s.ended_at))},
      {label: 'Status', cell: s => endBadge(s.ended_at, s.end_reason)},
    ], page.sessions, {
      empty: filters.range ? 'No sessions in this time range.' : 'No sessions yet. A call to this application or StartScenarios starts one.',
      rowAttrs: s => ({dataset: {sessionId: s.session_id}}),
    }));
    replace(pagerBox, pager({page: filters.page, pageSize: PAGE_SIZE, total: page.total, shown: page.sessions.length, label: 'Sessions',
      onPage: (p) => { filters.page = p; save(); load({focusList: true}); }}));
    announce(page.total === 1 ? '1 session' : `${page.total} sessions`);
    if (focusList) listBox.querySelector('a')?.focus();
  }

  function save() {
    rememberFilters(`/applications/${appId}/sessions`, {range: filters.range, from: filters.from, to: filters.to, page: filters.page});
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
    Object.assign(filters, t, {page: 0});
    save();
    await load();
  });

  await load();
  replace(main, header,
    h('div', {class: 'page-head'}, h('h2', {}, 'Sessions'),
      h('a', {class: 'button secondary', href: '#/live'}, 'Live view')),
    form, pagerBox, listBox);
}
