// Applications: list, create, rename, delete (with confirmation).
import {api, getAll} from '../api.js';
import {confirmDialog, formDialog} from '../dialogs.js';
import {announce, clearErrors, field, h, pageHeading, replace, showError, table, timeEl, toast} from '../dom.js';

export default async function render(main, ctx) {
  const listBox = h('div', {});
  const createForm = h('form', {class: 'card inline-form', novalidate: true, 'aria-label': 'New application'},
    h('h2', {}, 'New application'),
    h('div', {class: 'row'},
      field({name: 'name', label: 'Name', required: true, placeholder: 'e.g. conference',
        help: '2–64 characters: lower-case letters, digits and “-”, starting with a letter.'}),
      h('div', {class: 'actions end'}, h('button', {type: 'submit', class: 'button primary'}, 'Create application'))));

  async function load() {
    const apps = await getAll('/api/v1/applications', 'applications');
    replace(listBox, table('Applications', [
      {label: 'Name', cell: a => h('a', {href: `#/applications/${a.id}/rules`, class: 'strong'}, a.name)},
      {label: 'Full name', cell: a => h('span', {class: 'mono subtle'}, a.full_name)},
      {label: 'Created', cell: a => timeEl(a.created_at)},
      {label: 'Open', cell: a => h('span', {class: 'links'},
        h('a', {href: `#/applications/${a.id}/scenarios`}, 'Scenarios'),
        h('a', {href: `#/applications/${a.id}/rules`}, 'Rules'),
        h('a', {href: `#/applications/${a.id}/users`}, 'Users'),
        h('a', {href: `#/applications/${a.id}/sessions`}, 'Sessions'))},
      {label: 'Actions', class: 'actions-col', cell: a => h('span', {class: 'row-actions'},
        h('button', {type: 'button', class: 'button secondary small', 'aria-label': `Rename ${a.name}`,
          onclick: () => rename(a)}, 'Rename'),
        h('button', {type: 'button', class: 'button danger small', 'aria-label': `Delete ${a.name}`,
          onclick: () => remove(a)}, 'Delete'))},
    ], apps, {empty: 'No applications yet. Create one above.', rowAttrs: a => ({dataset: {app: a.name}})}));
  }

  async function rename(a) {
    const updated = await formDialog({
      title: `Rename ${a.name}`,
      fields: [{name: 'name', label: 'New name', value: a.name, required: true}],
      submitLabel: 'Rename',
      onSubmit: (v) => api.patch(`/api/v1/applications/${a.id}`, {name: v.name.trim()}),
    });
    if (updated) {
      toast(`Renamed to ${updated.name}.`);
      await load();
    }
  }

  async function remove(a) {
    const ok = await confirmDialog({
      title: `Delete ${a.name}?`,
      message: `This deletes the application ${a.full_name} with all its scenarios, rules, users and phone numbers. It cannot be undone.`,
      confirmLabel: 'Delete application',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.del(`/api/v1/applications/${a.id}`);
      toast(`Deleted ${a.name}.`);
      announce(`Application ${a.name} deleted`);
      await load();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  createForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(createForm);
    const name = createForm.elements.name.value.trim();
    try {
      const a = await api.post('/api/v1/applications', {name});
      createForm.reset();
      toast(`Created ${a.name}.`);
      announce(`Application ${a.name} created`);
      await load();
    } catch (err) {
      showError(createForm, err);
    }
  });

  await load();
  replace(main, pageHeading('Applications'), createForm, listBox);
}
