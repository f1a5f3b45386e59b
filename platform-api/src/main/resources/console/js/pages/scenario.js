// One scenario: the code editor, saving as a new version (a syntax error is shown at its line and
// column and the caret goes there), the versions with who/when, activate and roll back.
import {api} from '../api.js';
import {applicationHeader} from '../appnav.js';
import {confirmDialog, formDialog} from '../dialogs.js';
import {announce, field, h, replace, timeEl, toast} from '../dom.js';
import {createEditor} from '../editor.js';

const STARTER = `// Runs for every call the rule sends here.
VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
  const call = e.call;
  call.answer();
  call.addEventListener(CallEvents.Connected, () => {
    call.say('Hello from Dialtone', Language.UK_ENGLISH_FEMALE);
  });
  call.addEventListener(CallEvents.PlaybackFinished, () => call.hangup());
  call.addEventListener(CallEvents.Disconnected, () => VoxEngine.terminate());
});
`;

export default async function render(main, ctx) {
  const appId = ctx.params.app;
  const isNew = ctx.params.scenario === 'new';
  const base = `/api/v1/applications/${appId}/scenarios`;
  const {header} = await applicationHeader(appId, 'scenarios');
  let scenario = isNew ? null : await api.get(`${base}/${ctx.params.scenario}`);
  let saved = isNew ? '' : scenario.source;
  let dirty = false;
  let saving = false;

  const title = h('h2', {id: 'scenario-title'}, isNew ? 'New scenario' : scenario.name);
  const nameField = isNew ? field({name: 'name', label: 'Scenario name', required: true, placeholder: 'e.g. greeting'}) : null;
  const errorBox = h('div', {class: 'syntax-error', role: 'alert', hidden: true});
  const dirtyNote = h('span', {class: 'badge warn', hidden: true}, 'Unsaved changes');
  const activate = h('input', {type: 'checkbox', id: 'activate-on-save', checked: true});
  const saveButton = h('button', {type: 'button', class: 'button primary', onclick: () => save()}, isNew ? 'Create scenario' : 'Save');
  const versionsBox = h('div', {class: 'card versions', 'aria-labelledby': 'versions-title'});

  const editor = createEditor({
    value: isNew ? STARTER : saved,
    label: 'Scenario source (JavaScript)',
    onChange: (v) => {
      dirty = v !== saved;
      dirtyNote.hidden = !dirty;
      if (!errorBox.hidden) {
        errorBox.hidden = true;
        editor.markError(null);
      }
    },
    onSave: () => save(),
  });
  if (isNew) dirty = true;

  ctx.onLeave(() => (dirty && !isNewUntouched() ? 'You have unsaved changes in this scenario. Leave without saving?' : null));

  function isNewUntouched() {
    return isNew && editor.getValue() === STARTER && !nameField.querySelector('input').value;
  }

  function showSyntaxError(err) {
    const {line, column} = err.problem;
    replace(errorBox,
      h('strong', {}, `Line ${line}, column ${column}: `), err.message.replace(/^syntax error at line \d+, column \d+: /, ''), ' ',
      h('button', {type: 'button', class: 'button secondary small', onclick: () => editor.focusAt(line, column)},
        `Go to line ${line}`));
    errorBox.hidden = false;
    editor.markError(line);
    editor.focusAt(line, column);
  }

  async function save() {
    if (saving) return;
    saving = true;
    saveButton.disabled = true;
    errorBox.hidden = true;
    editor.markError(null);
    const source = editor.getValue();
    try {
      if (isNew) {
        const name = nameField.querySelector('input').value.trim();
        const created = await api.post(base, {name, source});
        dirty = false;
        toast(`Created ${created.name} (version 1, active).`);
        ctx.navigate(`#/applications/${appId}/scenarios/${created.id}`);
        return;
      }
      scenario = await api.post(`${base}/${scenario.id}/versions`, {source, activate: activate.checked});
      saved = source;
      dirty = false;
      dirtyNote.hidden = true;
      const message = `Saved version ${scenario.latest_version}${activate.checked ? ' (active)' : ' (not active)'}.`;
      toast(message);
      announce(message);
      await loadVersions();
    } catch (err) {
      if (err.status === 400 && err.problem.line) {
        showSyntaxError(err);
      } else if (err.field === 'name' && nameField) {
        replace(errorBox, h('strong', {}, 'Name: '), err.message);
        errorBox.hidden = false;
        nameField.querySelector('input').focus();
      } else {
        replace(errorBox, h('strong', {}, 'Not saved: '), err.message);
        errorBox.hidden = false;
      }
    } finally {
      saving = false;
      saveButton.disabled = false;
    }
  }

  async function loadVersions() {
    const data = await api.get(`${base}/${scenario.id}/versions`);
    scenario = {...scenario, ...data};
    const versions = [...data.versions].reverse();
    const active = data.active_version;
    replace(versionsBox,
      h('div', {class: 'page-head'}, h('h3', {id: 'versions-title'}, 'Versions'),
        h('button', {type: 'button', class: 'button secondary small', disabled: active <= 1, onclick: rollback,
          title: 'Activate the version before the active one'}, 'Roll back')),
      h('ol', {'aria-label': 'Versions, newest first'}, versions.map(v => h('li', {dataset: {version: v.version}},
        h('span', {class: 'strong'}, `v${v.version}`),
        h('span', {}, v.active ? h('span', {class: 'badge ok'}, 'active') : null),
        h('span', {class: 'meta'}, timeEl(v.created_at)),
        h('span', {class: 'meta'}, v.created_by ? `by ${v.created_by}` : 'author not recorded'),
        h('span', {class: 'v-actions'},
          h('button', {type: 'button', class: 'button secondary small', 'aria-label': `Open version ${v.version} in the editor`,
            onclick: () => openVersion(v.version)}, 'Open'),
          v.active ? null : h('button', {type: 'button', class: 'button secondary small',
            'aria-label': `Activate version ${v.version}`, onclick: () => activateVersion(v.version)}, 'Activate'))))));
  }

  async function openVersion(version) {
    if (dirty && !(await confirmDialog({title: 'Discard your changes?', confirmLabel: 'Open version',
      message: `The editor has unsaved changes. Open version ${version} instead?`}))) return;
    const v = await api.get(`${base}/${scenario.id}/versions/${version}`);
    editor.setValue(v.source);
    saved = v.source;
    dirty = false;
    dirtyNote.hidden = true;
    announce(`Version ${version} opened in the editor`);
    toast(`Opened version ${version}. Saving stores it as a new version.`);
  }

  async function activateVersion(version) {
    const ok = await confirmDialog({title: `Activate version ${version}?`, confirmLabel: 'Activate',
      message: `New sessions of ${scenario.name} will run version ${version}.`});
    if (!ok) return;
    try {
      scenario = await api.put(`${base}/${scenario.id}/active-version`, {version});
      toast(`Version ${version} is active.`);
      announce(`Version ${version} is now active`);
      await loadVersions();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  async function rollback() {
    const ok = await confirmDialog({title: 'Roll back?', confirmLabel: 'Roll back',
      message: `Activate version ${scenario.active_version - 1} of ${scenario.name} instead of version ${scenario.active_version}?`});
    if (!ok) return;
    try {
      scenario = await api.post(`${base}/${scenario.id}/rollback`, {});
      toast(`Rolled back: version ${scenario.active_version} is active.`);
      announce(`Rolled back to version ${scenario.active_version}`);
      await loadVersions();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  async function rename() {
    const updated = await formDialog({title: `Rename ${scenario.name}`, submitLabel: 'Rename',
      fields: [{name: 'name', label: 'New name', value: scenario.name, required: true}],
      onSubmit: (v) => api.patch(`${base}/${scenario.id}`, {name: v.name.trim()})});
    if (updated) {
      scenario = {...scenario, ...updated};
      title.textContent = updated.name;
      toast(`Renamed to ${updated.name}.`);
    }
  }

  async function remove() {
    const ok = await confirmDialog({title: `Delete ${scenario.name}?`, danger: true, confirmLabel: 'Delete scenario',
      message: `This deletes the scenario ${scenario.name} and all its versions. Rules that use it lose it.`});
    if (!ok) return;
    try {
      await api.del(`${base}/${scenario.id}`);
      dirty = false;
      toast(`Deleted ${scenario.name}.`);
      ctx.navigate(`#/applications/${appId}/scenarios`);
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  const toolbar = h('div', {class: 'editor-bar'},
    saveButton,
    isNew ? null : h('span', {class: 'field checkbox inline-check'}, activate, h('label', {for: 'activate-on-save'}, 'Activate when saved')),
    dirtyNote,
    h('span', {class: 'spacer'}),
    editor.status);

  const editorColumn = h('div', {class: 'stack'},
    nameField,
    errorBox,
    editor.element,
    editor.hint,
    toolbar);

  replace(main, header,
    h('div', {class: 'page-head'}, title,
      isNew ? null : h('span', {class: 'row-actions'},
        h('button', {type: 'button', class: 'button secondary small', onclick: rename}, 'Rename'),
        h('button', {type: 'button', class: 'button danger small', onclick: remove}, 'Delete'))),
    isNew ? editorColumn : h('div', {class: 'split'}, editorColumn, versionsBox));
  if (!isNew) await loadVersions();
}
