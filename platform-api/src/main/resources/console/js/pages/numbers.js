// Phone numbers: each is bound to an application (calls to it are routed by that application's rules).
import {api, getAll, request} from '../api.js';
import {confirmDialog, formDialog} from '../dialogs.js';
import {announce, h, pageHeading, replace, table, timeEl, toast} from '../dom.js';

export default async function render(main) {
  const listBox = h('div', {});
  let apps = [];

  async function load() {
    apps = await getAll('/api/v1/applications', 'applications');
    const numbers = (await api.get('/api/v1/phone-numbers')).phone_numbers;
    const appName = (id) => (apps.find(a => a.id === id) || {name: `#${id}`}).name;
    replace(listBox, table('Phone numbers', [
      {label: 'Number', cell: n => h('span', {class: 'strong mono'}, n.number)},
      {label: 'Application', cell: n => h('a', {href: `#/applications/${n.application_id}/rules`}, appName(n.application_id))},
      {label: 'Added', cell: n => timeEl(n.created_at)},
      {label: 'Actions', class: 'actions-col', cell: n => h('span', {class: 'row-actions'},
        h('button', {type: 'button', class: 'button secondary small', 'aria-label': `Change the application of ${n.number}`,
          onclick: () => edit(n)}, 'Change application'),
        h('button', {type: 'button', class: 'button danger small', 'aria-label': `Release ${n.number}`,
          onclick: () => remove(n)}, 'Release'))},
    ], numbers, {empty: 'No phone numbers yet.'}));
  }

  const appOptions = () => apps.map(a => ({value: a.id, label: a.name}));

  async function create() {
    if (!apps.length) {
      toast('Create an application first: a number is bound to one.', 'error');
      return;
    }
    const n = await formDialog({
      title: 'Add a phone number',
      submitLabel: 'Add number',
      fields: [
        {name: 'number', label: 'Number', required: true, inputmode: 'tel', placeholder: '+15551230000',
          help: '3–20 digits with an optional leading +.'},
        {name: 'application_id', label: 'Application', type: 'select', options: appOptions(), value: apps[0].id},
      ],
      onSubmit: (v) => api.post('/api/v1/phone-numbers', {number: v.number.trim(), application_id: Number(v.application_id)}),
    });
    if (n) {
      toast(`Added ${n.number}.`);
      announce(`Phone number ${n.number} added`);
      await load();
    }
  }

  async function edit(n) {
    const updated = await formDialog({
      title: `Application of ${n.number}`,
      fields: [{name: 'application_id', label: 'Application', type: 'select', options: appOptions(), value: n.application_id}],
      onSubmit: (v) => api.patch(`/api/v1/phone-numbers/${n.id}`, {application_id: Number(v.application_id)}),
    });
    if (updated) {
      toast(`${updated.number} now goes to ${(apps.find(a => a.id === updated.application_id) || {}).name}.`);
      await load();
    }
  }

  async function remove(n) {
    const ok = await confirmDialog({title: `Release ${n.number}?`, danger: true, confirmLabel: 'Release number',
      message: `Calls to ${n.number} will no longer reach any application.`});
    if (!ok) return;
    try {
      await request('DELETE', `/api/v1/phone-numbers/${n.id}`);
      toast(`Released ${n.number}.`);
      await load();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  await load();
  replace(main, pageHeading('Phone numbers', h('button', {type: 'button', class: 'button primary', onclick: create}, 'Add number')),
    listBox);
}
