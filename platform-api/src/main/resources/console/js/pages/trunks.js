// SIP trunks: where PSTN calls come from and go out. The digest password is write-only.
import {api, request} from '../api.js';
import {confirmDialog, formDialog} from '../dialogs.js';
import {announce, h, pageHeading, replace, table, toast} from '../dom.js';

const TRANSPORTS = [{value: 'udp', label: 'UDP'}, {value: 'tcp', label: 'TCP'}, {value: 'tls', label: 'TLS'}];

function fields(t = {}) {
  return [
    {name: 'name', label: 'Name', value: t.name, required: true},
    [
      {name: 'host', label: 'Host', value: t.host, required: true, placeholder: 'sip.carrier.example',
        help: 'Where outbound calls are sent.'},
      {name: 'port', label: 'Port', type: 'number', value: t.port ?? 5060, min: 1, max: 65535},
      {name: 'transport', label: 'Transport', type: 'select', options: TRANSPORTS, value: t.transport || 'udp'},
    ],
    {name: 'allowed_sources', label: 'Allowed source addresses', type: 'textarea', rows: 3,
      value: (t.allowed_sources || []).join('\n'), help: 'One address or CIDR block per line; INVITEs from anywhere else are refused.'},
    [
      {name: 'username', label: 'Digest user name', value: t.username || '', autocomplete: 'off'},
      {name: 'password', label: t.id ? 'New digest password' : 'Digest password', type: 'password', autocomplete: 'new-password',
        help: t.id ? (t.has_password ? 'A password is set. Leave empty to keep it.' : 'No password is set.')
          : 'Stored encrypted; never shown again.'},
    ],
    t.id && t.has_password ? {name: 'clear_password', label: 'Remove the stored password', type: 'checkbox'} : null,
  ].filter(Boolean);
}

function body(v, existing) {
  const b = {name: v.name.trim(), host: v.host.trim(), port: Number(v.port), transport: v.transport,
    allowed_sources: v.allowed_sources.split(/[\n,]/).map(s => s.trim()).filter(Boolean), username: v.username.trim()};
  if (v.password) b.password = v.password;
  else if (v.clear_password) b.password = '';
  if (existing) b.version = existing.version;
  return b;
}

export default async function render(main) {
  const listBox = h('div', {});

  async function load() {
    const trunks = (await api.get('/api/v1/sip-trunks')).sip_trunks;
    replace(listBox, table('SIP trunks', [
      {label: 'Name', cell: t => h('span', {class: 'strong'}, t.name)},
      {label: 'Host', cell: t => h('span', {class: 'mono'}, `${t.transport}:${t.host}:${t.port}`)},
      {label: 'Allowed sources', cell: t => t.allowed_sources.length ? h('span', {class: 'mono'}, t.allowed_sources.join(', ')) : '—'},
      {label: 'Authentication', cell: t => t.username ? `${t.username}${t.has_password ? ' · password set' : ''}` : 'none'},
      {label: 'Actions', class: 'actions-col', cell: t => h('span', {class: 'row-actions'},
        h('button', {type: 'button', class: 'button secondary small', 'aria-label': `Edit ${t.name}`, onclick: () => edit(t)}, 'Edit'),
        h('button', {type: 'button', class: 'button danger small', 'aria-label': `Delete ${t.name}`, onclick: () => remove(t)},
          'Delete'))},
    ], trunks, {empty: 'No SIP trunks yet.'}));
  }

  async function create() {
    const t = await formDialog({title: 'New SIP trunk', submitLabel: 'Create trunk', fields: fields(),
      onSubmit: (v) => api.post('/api/v1/sip-trunks', body(v))});
    if (t) {
      toast(`Created trunk ${t.name}.`);
      announce(`SIP trunk ${t.name} created`);
      await load();
    }
  }

  async function edit(t) {
    const updated = await formDialog({title: `Edit trunk ${t.name}`, fields: fields(t),
      onSubmit: (v) => api.patch(`/api/v1/sip-trunks/${t.id}`, body(v, t))});
    if (updated) {
      toast(`Saved trunk ${updated.name}.`);
      await load();
    }
  }

  async function remove(t) {
    const ok = await confirmDialog({title: `Delete trunk ${t.name}?`, danger: true, confirmLabel: 'Delete trunk',
      message: `Calls through ${t.host} will no longer be accepted or placed.`});
    if (!ok) return;
    try {
      await request('DELETE', `/api/v1/sip-trunks/${t.id}`);
      toast(`Deleted trunk ${t.name}.`);
      await load();
    } catch (e) {
      toast(e.message, 'error');
    }
  }

  await load();
  replace(main, pageHeading('SIP trunks', h('button', {type: 'button', class: 'button primary', onclick: create}, 'New trunk')),
    listBox);
}
