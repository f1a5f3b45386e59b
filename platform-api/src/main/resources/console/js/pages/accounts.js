// Accounts (administrator only): list, create (the new API key is shown once), delete.
import {api, request} from '../api.js';
import {confirmDialog, formDialog, revealDialog} from '../dialogs.js';
import {h, pageHeading, replace, table, timeEl, toast} from '../dom.js';

export default async function render(main, ctx) {
  const listBox = h('div', {});

  async function load() {
    const accounts = (await api.get('/api/v1/accounts')).accounts;
    replace(listBox, table('Accounts', [
      {label: 'Name', cell: a => h('span', {class: 'strong'}, a.name, a.admin ? h('span', {class: 'badge accent'}, ' administrator') : null)},
      {label: 'Id', cell: a => String(a.id)},
      {label: 'Created', cell: a => timeEl(a.created_at)},
      {label: 'Actions', class: 'actions-col', cell: a => a.id === ctx.me.account.id ? h('span', {class: 'subtle'}, 'you')
        : h('button', {type: 'button', class: 'button danger small', 'aria-label': `Delete account ${a.name}`,
          onclick: () => remove(a)}, 'Delete')},
    ], accounts));
  }

  async function create() {
    const created = await formDialog({title: 'New account', submitLabel: 'Create account',
      fields: [{name: 'name', label: 'Account name', required: true,
        help: '4–40 characters: lower-case letters, digits and “-”, starting with a letter.'}],
      onSubmit: (v) => api.post('/api/v1/accounts', {name: v.name.trim()})});
    if (created) {
      await load();
      await revealDialog({title: `Account ${created.name} created`, label: 'API key',
        message: 'This is the only time the key is shown. Give it to the account\'s owner now; it is stored only as a hash.',
        value: created.api_key});
    }
  }

  async function remove(a) {
    const ok = await confirmDialog({title: `Delete account ${a.name}?`, danger: true, confirmLabel: 'Delete account',
      message: `This deletes ${a.name} with all its applications, scenarios, rules, users, numbers and trunks.`});
    if (!ok) return;
    try {
      await request('DELETE', `/api/v1/accounts/${a.id}`);
      toast(`Deleted account ${a.name}.`);
      await load();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  if (!ctx.me.account.admin) {
    replace(main, pageHeading('Accounts'), h('p', {}, 'Only the administrator manages accounts.'));
    return;
  }
  await load();
  replace(main, pageHeading('Accounts', h('button', {type: 'button', class: 'button primary', onclick: create}, 'New account')),
    listBox);
}
