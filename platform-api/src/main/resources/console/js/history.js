// Pieces shared by the history pages (calls, sessions, a session's timeline, live view): durations,
// the time-range filter, the pager, and keeping a page's filters in its URL.
import {field, h} from './dom.js';

/** "850 ms", "12.4 s", "3 min 05 s", "2 h 03 min" for a number of milliseconds. */
export function duration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  const v = Math.max(0, Math.round(ms));
  if (v < 1000) return `${v} ms`;
  if (v < 60_000) return `${(v / 1000).toFixed(1)} s`;
  const s = Math.floor(v / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** Milliseconds between two ISO times (the second defaults to now). */
export function between(startIso, endIso) {
  const a = Date.parse(startIso);
  const b = endIso ? Date.parse(endIso) : Date.now();
  return Number.isNaN(a) || Number.isNaN(b) ? null : b - a;
}

/** "+1.234 s" since a start time, for timeline entries. */
export function offset(startIso, iso) {
  const ms = between(startIso, iso);
  if (ms === null) return '';
  return `+${(ms / 1000).toFixed(3)} s`;
}

const RANGES = [
  {value: '', label: 'Any time'},
  {value: '1h', label: 'Last hour', ms: 3600_000},
  {value: '24h', label: 'Last 24 hours', ms: 24 * 3600_000},
  {value: '7d', label: 'Last 7 days', ms: 7 * 24 * 3600_000},
  {value: '30d', label: 'Last 30 days', ms: 30 * 24 * 3600_000},
  {value: 'custom', label: 'Between…'},
];

/** A datetime-local value ("2026-01-31T12:00") as an ISO instant, or undefined if empty or invalid. */
function localToIso(value) {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * The time-range fields: a preset (any time, last hour/day/week/month) or "between" two local times.
 * values: {range, from, to} as kept in the URL (from/to as typed, in the person's time zone).
 * Answers {elements, read(form) -> {range, from, to}, toQuery(values) -> {from, to} ISO for the API, check(values) -> error|null}.
 */
export function timeRange(values) {
  const rangeField = field({name: 'range', label: 'Time', type: 'select', value: values.range || '',
    options: RANGES.map(r => ({value: r.value, label: r.label}))});
  const fromField = field({name: 'from', label: 'From', type: 'datetime-local', value: values.from || ''});
  const toField = field({name: 'to', label: 'To', type: 'datetime-local', value: values.to || '',
    help: 'Times are in your time zone.'});
  const select = rangeField.querySelector('select');
  const sync = () => {
    const custom = select.value === 'custom';
    fromField.hidden = !custom;
    toField.hidden = !custom;
  };
  select.addEventListener('change', sync);
  sync();
  return {
    elements: [rangeField, fromField, toField],
    read(form) {
      const range = form.elements.range.value;
      return {range, from: range === 'custom' ? form.elements.from.value : '', to: range === 'custom' ? form.elements.to.value : ''};
    },
  };
}

/** The API's from/to (ISO instants) for a range as kept in the URL. */
export function rangeQuery({range, from, to}, now = Date.now()) {
  const preset = RANGES.find(r => r.value === range && r.ms);
  if (preset) return {from: new Date(now - preset.ms).toISOString()};
  if (range === 'custom') return {from: localToIso(from), to: localToIso(to)};
  return {};
}

/** A problem with a custom range ({field, message}), or null. */
export function rangeProblem({range, from, to}) {
  if (range !== 'custom') return null;
  if (!from && !to) return {field: 'from', message: 'Give a start time, an end time, or both.'};
  const a = localToIso(from);
  const b = localToIso(to);
  if (a && b && Date.parse(a) >= Date.parse(b)) return {field: 'to', message: 'The end must be after the start.'};
  return null;
}

/**
 * Keeps a page's filters in its address (#/calls?number=…) without re-rendering the page, so a
 * reload or a shared link shows the same list.
 */
export function rememberFilters(path, values) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) {
    if (v !== undefined && v !== null && v !== '' && v !== 0) qs.set(k, v);
  }
  const s = qs.toString();
  history.replaceState(null, '', `#${path}${s ? `?${s}` : ''}`);
}

/**
 * "Newer / Older" buttons and "41–90 of 203" for a list shown newest first, `page` counted from 0.
 * onPage(newPage) loads another page.
 */
export function pager({page, pageSize, total, shown, label, onPage}) {
  if (total <= pageSize && page === 0) {
    return h('p', {class: 'pager-status subtle'}, total === 1 ? '1 entry' : `${total} entries`);
  }
  const first = page * pageSize + 1;
  const last = page * pageSize + shown;
  return h('nav', {class: 'pager', 'aria-label': `${label} pages`},
    h('button', {type: 'button', class: 'button secondary small', disabled: page === 0, onclick: () => onPage(page - 1)}, '← Newer'),
    h('span', {class: 'pager-status', role: 'status'}, shown ? `${first}–${last} of ${total}` : `none of ${total}`),
    h('button', {type: 'button', class: 'button secondary small', disabled: last >= total, onclick: () => onPage(page + 1)}, 'Older →'));
}

/** The status of a finished or running session or call, as a badge. */
export function endBadge(endedAt, reason) {
  if (!endedAt) return h('span', {class: 'badge ok'}, h('span', {class: 'live-dot', 'aria-hidden': 'true'}), 'running');
  return h('span', {class: `badge${reason && /error|fail|limit|crash|timeout|killed|stopped/i.test(reason) ? ' warn' : ''}`},
    reason || 'ended');
}
