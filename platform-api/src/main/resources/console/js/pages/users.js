// An application's users (who sign in with the web SDK): list, create, edit, delete. Passwords go in, never out.
import {api, getAll, request} from '../api.js';
import {applicationHeader} from '../appnav.js';
import {confirmDialog, formDialog} from '../dialogs.js';
import {announce, h, replace, table, timeEl, toast} from '../dom.js';

const FIELD_ALIASES = {user_name: 'name', user_display_name: 'display_name', user_password: 'password'};

export default async function render(main, ctx) {
  const appId = ctx.params.app;
  const base = `/api/v1/applications/${appId}/users`;
  const {app, header} = await applicationHeader(appId, 'users');
  const listBox = h('div', {});

  async function load() {
    const users = await getAll(base, 'users');
    replace(listBox, table(`Users of ${app.name}`, [
      {label: 'Name', cell: u => h('span', {class: 'strong mono'}, u.name)},
      {label: 'Display name', cell: u => u.display_name},
      {label: 'Status', cell: u => u.active ? h('span', {class: 'badge ok'}, 'active') : h('span', {class: 'badge'}, 'inactive')},
      {label: 'Changed', cell: u => timeEl(u.modified_at)},
      {label: 'Actions', class: 'actions-col', cell: u => h('span', {class: 'row-actions'},
        h('button', {type: 'button', class: 'button secondary small', 'aria-label': `Edit ${u.name}`, onclick: () => edit(u)}, 'Edit'),
        h('button', {type: 'button', class: 'button danger small', 'aria-label': `Delete ${u.name}`, onclick: () => remove(u)},
          'Delete'))},
    ], users, {empty: 'No users yet.'}));
  }

  async function create() {
    const u = await formDialog({
      title: 'New user',
      submitLabel: 'Create user',
      fieldAliases: FIELD_ALIASES,
      fields: [
        {name: 'name', label: 'User name', required: true, help: '3–50 characters: a-z, 0-9, “_” and “-”.'},
        {name: 'display_name', label: 'Display name', help: 'Shown to the people they call; defaults to the user name.'},
        {name: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'new-password',
          help: 'At least 8 characters. Stored as an argon2id hash.'},
        {name: 'active', label: 'Active (may sign in)', type: 'checkbox', value: true},
      ],
      onSubmit: (v) => api.post(base, {name: v.name.trim(), display_name: v.display_name.trim() || undefined,
        password: v.password, active: v.active}),
    });
    if (u) {
      toast(`Created user ${u.name}.`);
      announce(`User ${u.name} created`);
      await load();
    }
  }

  async function edit(u) {
    const updated = await formDialog({
      title: `Edit user ${u.name}`,
      fieldAliases: FIELD_ALIASES,
      fields: [
        {name: 'name', label: 'User name', value: u.name, required: true},
        {name: 'display_name', label: 'Display name', value: u.display_name},
        {name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password',
          help: 'Leave empty to keep the current password.'},
        {name: 'active', label: 'Active (may sign in)', type: 'checkbox', value: u.active},
      ],
      onSubmit: (v) => {
        const body = {name: v.name.trim(), display_name: v.display_name, active: v.active, version: u.version};
        if (v.password) body.password = v.password;
        return api.patch(`${base}/${u.id}`, body);
      },
    });
    if (updated) {
      toast(`Saved user ${updated.name}.`);
      await load();
    }
  }

  async function remove(u) {
    const ok = await confirmDialog({title: `Delete user ${u.name}?`, danger: true, confirmLabel: 'Delete user',
      message: `${u.name} will no longer be able to sign in. This cannot be undone.`});
    if (!ok) return;
    try {
      await request('DELETE', `${base}/${u.id}`);
      toast(`Deleted user ${u.name}.`);
      announce(`User ${u.name} deleted`);
      await load();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  await load();
  replace(main, header,
    h('div', {class: 'page-head'}, h('h2', {}, 'Users'),
      h('button', {type: 'button', class: 'button primary', onclick: create}, 'New user')),
    listBox);
}
