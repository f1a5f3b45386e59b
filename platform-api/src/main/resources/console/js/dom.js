// Small DOM helpers. Text always goes in as text (never as HTML), so data from the API cannot inject markup.

/**
 * Creates an element: h('button', {class: 'x', onclick: fn, 'aria-label': 'Close'}, 'text', child).
 * Attribute values false/null/undefined are skipped; true sets an empty attribute.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'class') {
      el.className = v;
    } else if (k === 'dataset') {
      Object.assign(el.dataset, v);
    } else if (k === 'value') {
      el.value = v;
    } else if (k === 'checked' || k === 'selected') {
      el[k] = !!v;
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let idSeq = 0;
/** A fresh id for label/control pairs. */
export function uid(prefix = 'f') {
  idSeq += 1;
  return `${prefix}-${idSeq}`;
}

/** Tells screen readers something happened (polite live region). */
export function announce(text) {
  const region = document.getElementById('announcer');
  region.textContent = '';
  // A new text node after a tick makes repeated identical messages announced again.
  setTimeout(() => { region.textContent = text; }, 30);
}

/** A short message in the corner that goes away by itself. */
export function toast(text, kind = 'info') {
  const box = document.getElementById('toasts');
  const t = h('div', {class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status'}, text);
  box.append(t);
  setTimeout(() => t.remove(), kind === 'error' ? 8000 : 4000);
}

/** Formats an ISO time for people, in their time zone. */
export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, {year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit'});
}

/** A <time> element showing a date for people with the exact value in its datetime attribute. */
export function timeEl(iso) {
  return iso ? h('time', {datetime: iso, title: iso}, when(iso)) : '—';
}

/** The page's main heading; focusable so that navigation can move focus to it. */
export function pageHeading(text, ...extra) {
  return h('div', {class: 'page-head'}, h('h1', {tabindex: '-1', id: 'page-title'}, text), ...extra);
}

/**
 * A table that turns into stacked cards on narrow screens: every cell carries its column name.
 * columns: [{label, cell: row => node|string, class?}]
 */
export function table(caption, columns, rows, {empty = 'Nothing here yet.', rowAttrs} = {}) {
  if (!rows.length) return h('p', {class: 'empty'}, empty);
  return h('div', {class: 'table-wrap'},
    h('table', {class: 'data'},
      h('caption', {class: 'visually-hidden'}, caption),
      h('thead', {}, h('tr', {}, columns.map(c => h('th', {scope: 'col', class: c.class}, c.label)))),
      h('tbody', {}, rows.map(r => h('tr', rowAttrs ? rowAttrs(r) : {},
        columns.map(c => h('td', {'data-label': c.label, class: c.class}, c.cell(r))))))));
}

/** A labelled form field. field: {name, label, type, value, required, options, help, autocomplete, placeholder, rows} */
export function field(f) {
  if (f instanceof Node) return f;
  const id = uid(f.name);
  const helpId = f.help ? `${id}-help` : null;
  const errId = `${id}-error`;
  const describedBy = [helpId, errId].filter(Boolean).join(' ');
  let control;
  if (f.type === 'select') {
    control = h('select', {id, name: f.name, required: f.required, 'aria-describedby': describedBy},
      f.options.map(o => h('option', {value: o.value, selected: String(o.value) === String(f.value ?? '')}, o.label)));
  } else if (f.type === 'textarea') {
    control = h('textarea', {id, name: f.name, required: f.required, rows: f.rows || 4, placeholder: f.placeholder,
      'aria-describedby': describedBy, spellcheck: 'false'});
    control.value = f.value ?? '';
  } else if (f.type === 'checkbox') {
    control = h('input', {id, name: f.name, type: 'checkbox', checked: !!f.value, 'aria-describedby': describedBy});
    return h('div', {class: 'field checkbox', dataset: {field: f.name}},
      control, h('label', {for: id}, f.label),
      f.help ? h('p', {class: 'help', id: helpId}, f.help) : null,
      h('p', {class: 'field-error', id: errId, hidden: true}));
  } else {
    control = h('input', {id, name: f.name, type: f.type || 'text', required: f.required, value: f.value ?? '',
      autocomplete: f.autocomplete || 'off', placeholder: f.placeholder, inputmode: f.inputmode,
      spellcheck: f.type === 'password' ? null : 'false', 'aria-describedby': describedBy,
      min: f.min, max: f.max});
  }
  return h('div', {class: 'field', dataset: {field: f.name}},
    h('label', {for: id}, f.label, f.required ? h('span', {class: 'req', 'aria-hidden': 'true'}, ' *') : null),
    control,
    f.help ? h('p', {class: 'help', id: helpId}, f.help) : null,
    h('p', {class: 'field-error', id: errId, hidden: true}));
}

/** Reads a form's named controls into an object (checkboxes as booleans). */
export function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name) continue;
    out[el.name] = el.type === 'checkbox' ? el.checked : el.value;
  }
  return out;
}

/** Clears the error marks of a form. */
export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach(p => { p.hidden = true; p.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach(el => el.removeAttribute('aria-invalid'));
  const general = form.querySelector('.form-error');
  if (general) { general.hidden = true; general.textContent = ''; }
}

/**
 * Shows an API error in a form: next to the field the API named if the form has it, else at the top.
 * Moves focus to the field (or the message) so keyboard and screen-reader users land on it.
 */
export function showError(form, err, fieldAliases = {}) {
  clearErrors(form);
  const name = err.field ? (fieldAliases[err.field] || err.field) : null;
  const box = name ? form.querySelector(`[data-field="${CSS.escape(name)}"]`) : null;
  if (box) {
    const p = box.querySelector('.field-error');
    p.textContent = err.message;
    p.hidden = false;
    const control = box.querySelector('input, select, textarea');
    if (control) { control.setAttribute('aria-invalid', 'true'); control.focus(); }
    return;
  }
  let general = form.querySelector('.form-error');
  if (!general) {
    general = h('p', {class: 'form-error', role: 'alert', tabindex: '-1'});
    form.prepend(general);
  }
  general.textContent = err.message;
  general.hidden = false;
  general.focus();
}
