// An application's scenarios: list, open in the editor, delete.
import {api, getAll} from '../api.js';
import {applicationHeader} from '../appnav.js';
import {confirmDialog} from '../dialogs.js';
import {announce, h, replace, table, timeEl, toast} from '../dom.js';

export default async function render(main, ctx) {
  const appId = ctx.params.app;
  const {app, header} = await applicationHeader(appId, 'scenarios');
  const base = `/api/v1/applications/${appId}/scenarios`;
  const listBox = h('div', {});

  async function load() {
    const scenarios = await getAll(base, 'scenarios');
    replace(listBox, table(`Scenarios of ${app.name}`, [
      {label: 'Name', cell: s => h('a', {href: `#/applications/${appId}/scenarios/${s.id}`, class: 'strong'}, s.name)},
      {label: 'Active version', cell: s => h('span', {}, `v${s.active_version}`,
        s.latest_version !== s.active_version ? h('span', {class: 'badge warn'}, ` latest v${s.latest_version}`) : null)},
      {label: 'Changed', cell: s => timeEl(s.modified_at)},
      {label: 'Actions', class: 'actions-col', cell: s => h('span', {class: 'row-actions'},
        h('a', {class: 'button secondary small', href: `#/applications/${appId}/scenarios/${s.id}`,
          'aria-label': `Edit ${s.name}`}, 'Edit'),
        h('button', {type: 'button', class: 'button danger small', 'aria-label': `Delete ${s.name}`,
          onclick: () => remove(s)}, 'Delete'))},
    ], scenarios, {empty: 'No scenarios yet.'}));
  }

  async function remove(s) {
    const ok = await confirmDialog({title: `Delete ${s.name}?`, danger: true, confirmLabel: 'Delete scenario',
      message: `This deletes the scenario ${s.name} and all its versions. Rules that use it lose it.`});
    if (!ok) return;
    try {
      await api.del(`${base}/${s.id}`);
      toast(`Deleted ${s.name}.`);
      announce(`Scenario ${s.name} deleted`);
      await load();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  await load();
  replace(main, header,
    h('div', {class: 'page-head'}, h('h2', {}, 'Scenarios'),
      h('a', {class: 'button primary', href: `#/applications/${appId}/scenarios/new`}, 'New scenario')),
    listBox);
}
