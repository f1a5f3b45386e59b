// An application's routing rules: the ordered list (drag and drop, or keyboard, to reorder),
// shadowed rules flagged with the rules that shadow them, the "dial" box (which rule a string
// reaches and why, live as you type), create/edit/delete. A stale reorder is never overwritten:
// the API refuses it (412) and the page says so and offers to reload.
import {api, getAll, request} from '../api.js';
import {applicationHeader} from '../appnav.js';
import {confirmDialog, formDialog} from '../dialogs.js';
import {announce, clearErrors, field, h, replace, showError, toast, uid} from '../dom.js';
import {enableDragReorder} from '../reorder.js';

const SAVE_DELAY_KEYBOARD_MS = 400;

/** Checkboxes for a rule's scenarios that remember the order they were picked in. */
function scenarioPicker(scenarios, selected = []) {
  let order = selected.filter(id => scenarios.some(s => s.id === id));
  const legendId = uid('scenarios');
  const boxes = scenarios.map(s => {
    const id = uid('sc');
    const box = h('input', {type: 'checkbox', id, checked: order.includes(s.id), dataset: {scenario: s.id}});
    const n = h('span', {class: 'chip', hidden: !order.includes(s.id)});
    box.addEventListener('change', () => {
      order = box.checked ? [...order, s.id] : order.filter(x => x !== s.id);
      refresh();
    });
    return {s, box, n, label: h('label', {for: id}, box, s.name, n)};
  });
  function refresh() {
    for (const b of boxes) {
      const i = order.indexOf(b.s.id);
      b.n.hidden = i < 0;
      b.n.textContent = i < 0 ? '' : String(i + 1);
    }
  }
  refresh();
  const element = h('div', {class: 'field', dataset: {field: 'scenario_ids'}, role: 'group', 'aria-labelledby': legendId},
    h('span', {class: 'label-like strong', id: legendId}, 'Scenarios (run in the order picked)'),
    scenarios.length
      ? h('div', {class: 'scenario-picks'}, boxes.map(b => b.label))
      : h('p', {class: 'help'}, 'This application has no scenarios yet; a rule can be added without one.'),
    h('p', {class: 'field-error', hidden: true}));
  return {element, value: () => [...order]};
}

export default async function render(main, ctx) {
  const appId = ctx.params.app;
  const base = `/api/v1/applications/${appId}/rules`;
  const {app, header} = await applicationHeader(appId, 'rules');
  const scenarios = await getAll(`/api/v1/applications/${appId}/scenarios`, 'scenarios');
  const scenarioName = (id) => (scenarios.find(s => s.id === id) || {name: `#${id}`}).name;

  let server = null;      // the list as the API last answered it: {version, rules}
  let order = [];          // rule ids as shown (may be ahead of the server while a save is pending)
  let stale = false;       // a reorder was refused: reorders are off until the page reloads the list
  let saveTimer = null;
  let saving = null;       // the in-flight save, if any
  let matchedId = null;
  let focusAfterRender = null;

  const conflictBox = h('div', {class: 'conflict', role: 'alert', hidden: true});
  const list = h('ol', {class: 'rule-list', 'aria-label': `Rules of ${app.name}, in the order they are tried`,
    'aria-describedby': 'reorder-help'});
  const reorderHelp = h('p', {class: 'help', id: 'reorder-help'},
    'A dialed string goes to the first rule whose pattern matches it whole. Drag a rule by its handle to reorder, '
    + 'or focus the handle and press Alt+↑ / Alt+↓ (or the arrow buttons).');
  const dialInput = h('input', {id: 'dial-input', type: 'search', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'e.g. +15551230000', 'aria-describedby': 'dial-help', 'aria-controls': 'dial-result'});
  const dialResult = h('div', {class: 'dial-result', id: 'dial-result', 'aria-live': 'polite'});

  function rulesById() {
    return new Map(server.rules.map(r => [r.id, r]));
  }

  /** Which control of which rule has the focus, so that a re-render can give it back. */
  function focusedControl() {
    const el = document.activeElement;
    const li = el && list.contains(el) ? el.closest('li[data-rule-id]') : null;
    return li && el.dataset.ctl ? {id: Number(li.dataset.ruleId), ctl: el.dataset.ctl} : null;
  }

  function renderList() {
    const keep = focusedControl();
    const byId = rulesById();
    const rules = order.map(id => byId.get(id));
    const names = new Map(server.rules.map(r => [r.id, r.name]));
    const shown = order.join(',') === server.rules.map(r => r.id).join(',');
    replace(list, rules.map((r, i) => {
      // Shadowing is computed by the API for the saved order; while a new order is not saved yet it is not shown.
      const shadowed = shown && r.shadowed;
      const by = (r.shadowed_by || []).map(id => names.get(id) || `#${id}`);
      const grip = h('button', {type: 'button', class: 'grip', dataset: {grip: r.id, ctl: 'grip'},
        'aria-label': `Reorder rule ${r.name}, position ${i + 1} of ${rules.length}`, 'aria-describedby': 'reorder-help',
        disabled: stale}, '⠿');
      const up = h('button', {type: 'button', class: 'icon-button', dataset: {ctl: 'up'}, 'aria-label': `Move ${r.name} up`, disabled: stale || i === 0,
        onclick: () => moveBy(r.id, -1, 'button')}, '↑');
      const down = h('button', {type: 'button', class: 'icon-button', dataset: {ctl: 'down'}, 'aria-label': `Move ${r.name} down`,
        disabled: stale || i === rules.length - 1, onclick: () => moveBy(r.id, 1, 'button')}, '↓');
      return h('li', {class: `rule${shadowed ? ' shadowed' : ''}${r.id === matchedId ? ' matched' : ''}`,
        dataset: {ruleId: r.id, ruleName: r.name, shadowed: shadowed ? 'true' : 'false'}},
        grip,
        h('span', {class: 'pos', 'aria-hidden': 'true'}, String(i + 1)),
        h('div', {class: 'body'},
          h('div', {class: 'title'}, h('span', {class: 'rule-name'}, r.name),
            shadowed ? h('span', {class: 'badge warn'}, 'Shadowed') : null,
            r.id === matchedId ? h('span', {class: 'badge ok'}, 'Dial match') : null),
          h('div', {class: 'pattern'}, h('span', {class: 'visually-hidden'}, 'Pattern: '), r.pattern),
          r.exclude_pattern ? h('div', {class: 'meta'}, 'except ', h('code', {}, r.exclude_pattern)) : null,
          h('div', {class: 'meta'}, r.scenario_ids.length
            ? h('span', {class: 'chip-list'}, h('span', {}, 'Scenarios:'), r.scenario_ids.map(id => h('span', {class: 'chip'}, scenarioName(id))))
            : 'No scenarios'),
          shadowed ? h('p', {class: 'shadow-note'}, `Never matches: shadowed by ${by.join(', ')} — `
            + `${by.length > 1 ? 'these rules take' : 'it takes'} every string this rule matches.`) : null),
        h('div', {class: 'controls'}, up, down,
          h('button', {type: 'button', class: 'button secondary small', dataset: {ctl: 'edit'}, 'aria-label': `Edit ${r.name}`,
            onclick: () => edit(r)}, 'Edit'),
          h('button', {type: 'button', class: 'button danger small', dataset: {ctl: 'delete'}, 'aria-label': `Delete ${r.name}`,
            onclick: () => remove(r)},
            'Delete')));
    }));
    if (!rules.length) list.append(h('li', {class: 'empty'}, 'No rules yet: calls to this application reach no scenario. Add one below.'));
    const want = focusAfterRender || keep;
    focusAfterRender = null;
    if (want) {
      const li = list.querySelector(`li[data-rule-id="${want.id}"]`);
      const target = li && li.querySelector(`[data-ctl="${want.ctl}"]`);
      if (target && !target.disabled) target.focus();
      else if (li && !li.querySelector('.grip').disabled) li.querySelector('.grip').focus();
    }
  }

  async function load() {
    const r = await request('GET', base);
    server = {version: r.data.version, rules: r.data.rules};
    order = server.rules.map(x => x.id);
    stale = false;
    conflictBox.hidden = true;
    renderList();
    dial();
  }

  function move(from, to, how) {
    if (stale || from === to || to < 0 || to >= order.length) return;
    const [id] = order.splice(from, 1);
    order.splice(to, 0, id);
    const name = rulesById().get(id).name;
    focusAfterRender = {id, ctl: how === 'button' ? (to < from ? 'up' : 'down') : 'grip'};
    renderList();
    announce(`${name} moved to position ${to + 1} of ${order.length}`);
    clearTimeout(saveTimer);
    saveTimer = setTimeout(saveOrder, how === 'drag' ? 0 : SAVE_DELAY_KEYBOARD_MS);
  }

  function moveBy(id, delta, how) {
    const from = order.indexOf(id);
    move(from, from + delta, how);
  }

  async function saveOrder() {
    if (saving) {
      // One save at a time; the latest order is sent when the current one answers.
      saveTimer = setTimeout(saveOrder, 100);
      return;
    }
    if (order.join(',') === server.rules.map(r => r.id).join(',')) {
      renderList();
      return;
    }
    const sent = [...order];
    try {
      saving = request('PUT', `${base}/order`, {body: {rule_ids: sent}, ifMatch: server.version});
      const r = await saving;
      server = {version: r.data.version, rules: r.data.rules};
      if (order.join(',') === sent.join(',')) order = server.rules.map(x => x.id);
      renderList();
      announce('New rule order saved');
      dial();
    } catch (e) {
      if (e.stale) {
        showConflict();
      } else {
        order = server.rules.map(x => x.id);
        renderList();
        toast(`The new order was not saved: ${e.message}`, 'error');
      }
    } finally {
      saving = null;
    }
  }

  function showConflict() {
    stale = true;
    clearTimeout(saveTimer);
    order = server.rules.map(x => x.id);
    renderList();
    replace(conflictBox,
      h('p', {}, h('strong', {}, 'Someone else changed these rules. '),
        'Your new order was not saved, so nothing of theirs was overwritten. Reload to see the current rules, then reorder again.'),
      h('button', {type: 'button', class: 'button primary', id: 'reload-rules', onclick: async () => {
        await load();
        toast('Rules reloaded.');
        list.querySelector('.grip')?.focus();
      }}, 'Reload rules'));
    conflictBox.hidden = false;
    conflictBox.querySelector('button').focus();
  }

  list.addEventListener('keydown', (e) => {
    const li = e.target.closest('li[data-rule-id]');
    if (!li || !(e.key === 'ArrowUp' || e.key === 'ArrowDown')) return;
    const onGrip = e.target.classList.contains('grip');
    if (!e.altKey && !onGrip) return;
    e.preventDefault();
    moveBy(Number(li.dataset.ruleId), e.key === 'ArrowUp' ? -1 : 1, 'keyboard');
  });

  const detachDrag = enableDragReorder(list, {
    handle: '.grip',
    canStart: () => !stale,
    onDrop: (from, to) => {
      // The DOM already shows the new place; apply it to the order and save.
      move(from, to, 'drag');
    },
    onCancel: () => renderList(),
  });

  // --- the dial box --------------------------------------------------------------------------
  let dialSeq = 0;
  let dialTimer = null;
  let dialAbort = null;

  function dial() {
    clearTimeout(dialTimer);
    dialTimer = setTimeout(runDial, 120);
  }

  async function runDial() {
    const dialed = dialInput.value;
    const seq = ++dialSeq;
    if (dialAbort) dialAbort.abort();
    if (!dialed) {
      matchedId = null;
      replace(dialResult, h('p', {class: 'help'}, 'Type a number or name to see which rule it reaches.'));
      renderList();
      return;
    }
    dialAbort = new AbortController();
    try {
      const d = await api.get(`${base}:match`, {dialed}, dialAbort.signal);
      if (seq !== dialSeq) return;
      matchedId = d.matched ? d.matched.id : null;
      const position = d.matched ? server.rules.findIndex(r => r.id === d.matched.id) + 1 : 0;
      const step = d.matched ? d.steps.find(s => s.rule_id === d.matched.id) : null;
      replace(dialResult,
        d.matched
          ? h('p', {class: 'verdict', dataset: {matched: d.matched.name}}, h('code', {}, d.dialed), ' → rule ',
            h('strong', {class: 'matched-name'}, d.matched.name), ` (position ${position})`)
          : h('p', {class: 'verdict', dataset: {matched: ''}}, h('code', {}, d.dialed), ' → no rule matches'),
        step ? h('p', {class: 'help'}, step.why) : null,
        d.matched && d.scenario_ids.length
          ? h('p', {class: 'help'}, 'Runs: ', d.scenario_ids.map(scenarioName).join(' → ')) : null,
        d.steps.length ? h('details', {open: d.steps.length <= 6},
          h('summary', {}, 'Why, rule by rule'),
          h('ol', {class: 'dial-steps'}, d.steps.map(s => h('li', {},
            h('span', {'aria-hidden': 'true'}, s.verdict === 'matched' ? '✓' : '✗'),
            h('span', {}, h('strong', {}, s.name), ` — ${s.why}`))))) : null);
      renderList();
    } catch (e) {
      if (e.name === 'AbortError' || seq !== dialSeq) return;
      replace(dialResult, h('p', {class: 'field-error'}, e.message));
    }
  }

  dialInput.addEventListener('input', dial);

  // --- create, edit, delete ------------------------------------------------------------------
  const picker = scenarioPicker(scenarios);
  const addForm = h('form', {class: 'card', novalidate: true, 'aria-labelledby': 'add-rule-title'},
    h('h3', {id: 'add-rule-title'}, 'Add a rule'),
    h('div', {class: 'row'},
      field({name: 'name', label: 'Name', required: true, placeholder: 'e.g. conference'}),
      field({name: 'pattern', label: 'Pattern', required: true, placeholder: 'e.g. conf_[A-Za-z0-9]+',
        help: 'A regular expression (RE2) that must match the whole dialed string.'}),
      field({name: 'exclude_pattern', label: 'Exclude pattern', placeholder: 'optional',
        help: 'Strings that match this are skipped by the rule.'})),
    picker.element,
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button primary'}, 'Add rule')));
  addForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(addForm);
    const v = {name: addForm.elements.name.value.trim(), pattern: addForm.elements.pattern.value,
      exclude_pattern: addForm.elements.exclude_pattern.value, scenario_ids: picker.value()};
    try {
      const r = await api.post(base, v);
      addForm.elements.name.value = '';
      addForm.elements.pattern.value = '';
      addForm.elements.exclude_pattern.value = '';
      toast(`Added rule ${r.name}.`);
      announce(`Rule ${r.name} added at position ${r.position + 1}`);
      await load();
      addForm.elements.name.focus();
    } catch (err) {
      showError(addForm, err);
    }
  });

  async function edit(r) {
    const editPicker = scenarioPicker(scenarios, r.scenario_ids);
    const updated = await formDialog({
      title: `Edit rule ${r.name}`,
      fields: [
        {name: 'name', label: 'Name', value: r.name, required: true},
        {name: 'pattern', label: 'Pattern', value: r.pattern, required: true},
        {name: 'exclude_pattern', label: 'Exclude pattern', value: r.exclude_pattern},
        editPicker.element,
      ],
      onSubmit: (v) => api.patch(`${base}/${r.id}`, {name: v.name.trim(), pattern: v.pattern, exclude_pattern: v.exclude_pattern,
        scenario_ids: editPicker.value(), version: r.version}),
    });
    if (updated) {
      toast(`Saved rule ${updated.name}.`);
      await load();
    }
  }

  async function remove(r) {
    const ok = await confirmDialog({title: `Delete rule ${r.name}?`, danger: true, confirmLabel: 'Delete rule',
      message: `Calls that reach “${r.pattern}” will go to the next matching rule instead.`});
    if (!ok) return;
    try {
      await request('DELETE', `${base}/${r.id}`, {ifMatch: r.version});
      toast(`Deleted rule ${r.name}.`);
      announce(`Rule ${r.name} deleted`);
      await load();
    } catch (e) {
      toast(e.stale ? 'Someone else changed this rule; reload and try again.' : e.message, 'error');
    }
  }

  await load();
  replace(main, header,
    h('div', {class: 'rules-layout'},
      h('section', {'aria-labelledby': 'rules-title'},
        h('h2', {id: 'rules-title'}, 'Rules'),
        reorderHelp,
        conflictBox,
        list,
        addForm),
      h('aside', {class: 'card dial-box', 'aria-labelledby': 'dial-title'},
        h('h2', {id: 'dial-title'}, 'Dial'),
        h('div', {class: 'field'}, h('label', {for: 'dial-input'}, 'Which rule does this reach?'), dialInput,
          h('p', {class: 'help', id: 'dial-help'}, 'Answers as you type, from the saved rules.')),
        dialResult)));
  runDial();

  return () => {
    detachDrag();
    clearTimeout(saveTimer);
    clearTimeout(dialTimer);
    if (dialAbort) dialAbort.abort();
  };
}
