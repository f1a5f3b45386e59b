// The header shared by an application's pages: breadcrumb, name and tabs (scenarios, rules, users, sessions).
import {api} from './api.js';
import {h} from './dom.js';

/** Loads the application and builds its header; `active` is 'scenarios' | 'rules' | 'users' | 'sessions'. */
export async function applicationHeader(appId, active, title) {
  const app = await api.get(`/api/v1/applications/${appId}`);
  const tab = (key, label) => h('li', {}, h('a', {href: `#/applications/${appId}/${key}`,
    'aria-current': key === active ? 'page' : null}, label));
  const header = h('div', {class: 'app-header'},
    h('nav', {'aria-label': 'Breadcrumb', class: 'breadcrumb'},
      h('ol', {}, h('li', {}, h('a', {href: '#/applications'}, 'Applications')),
        h('li', {}, h('span', {'aria-current': 'location'}, app.name)))),
    h('div', {class: 'page-head'}, h('h1', {tabindex: '-1', id: 'page-title'}, title || app.name),
      h('p', {class: 'subtle mono'}, app.full_name)),
    h('nav', {'aria-label': `${app.name} sections`, class: 'tabs'},
      h('ul', {}, tab('scenarios', 'Scenarios'), tab('rules', 'Rules'), tab('users', 'Users'), tab('sessions', 'Sessions'))));
  return {app, header};
}
