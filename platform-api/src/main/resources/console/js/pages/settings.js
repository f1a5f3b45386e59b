// Settings (administrator): the console password.
import {api, request} from '../api.js';
import {confirmDialog} from '../dialogs.js';
import {clearErrors, field, h, pageHeading, replace, showError, timeEl, toast} from '../dom.js';

export default async function render(main, ctx) {
  if (!ctx.me.account.admin) {
    replace(main, pageHeading('Settings'), h('p', {}, 'Only the administrator has settings here.'));
    return;
  }
  const statusBox = h('p', {});
  const removeButton = h('button', {type: 'button', class: 'button danger', onclick: removePassword}, 'Remove password');

  async function load() {
    const s = await api.get('/api/v1/admin/password');
    replace(statusBox, s.set ? h('span', {}, h('span', {class: 'badge ok'}, 'set'), ' since ', timeEl(s.changed_at))
      : h('span', {}, h('span', {class: 'badge'}, 'not set'), ' — only API keys can sign in.'));
    removeButton.hidden = !s.set;
  }

  const form = h('form', {class: 'card', novalidate: true, 'aria-labelledby': 'pw-title'},
    h('h2', {id: 'pw-title'}, 'Administrator password'),
    h('p', {class: 'help'}, 'Lets the administrator sign in to this console without the API key. Changing or removing it '
      + 'ends the console sessions opened with the old password.'),
    statusBox,
    field({name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password', required: true,
      help: '12 to 128 characters. Stored as an argon2id hash.'}),
    field({name: 'confirm', label: 'Repeat the new password', type: 'password', autocomplete: 'new-password', required: true}),
    h('div', {class: 'actions'}, removeButton, h('button', {type: 'submit', class: 'button primary'}, 'Set password')));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const password = form.elements.password.value;
    if (password !== form.elements.confirm.value) {
      showError(form, {field: 'confirm', message: 'The two passwords differ.'});
      return;
    }
    try {
      await api.put('/api/v1/admin/password', {password});
      form.elements.password.value = '';
      form.elements.confirm.value = '';
      toast('Administrator password set.');
      if (ctx.me.signed_in_with === 'password') {
        toast('You signed in with the old password: sign in again.');
      }
      await load();
    } catch (err) {
      showError(form, err);
    }
  });

  async function removePassword() {
    const ok = await confirmDialog({title: 'Remove the administrator password?', danger: true, confirmLabel: 'Remove',
      message: 'Only API keys will be able to sign in to the console.'});
    if (!ok) return;
    try {
      await request('DELETE', '/api/v1/admin/password');
      toast('Administrator password removed.');
      await load();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  await load();
  replace(main, pageHeading('Settings'), form);
}
