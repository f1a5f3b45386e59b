// The console's shell: session check, header, hash router. Pages are ES modules loaded on demand.
import {session, setCsrfToken, whenSessionEnds} from './api.js';
import {h, replace, toast} from './dom.js';
import {renderSignIn} from './pages/signin.js';

const routes = [
  [/^\/applications$/, 'applications', []],
  [/^\/applications\/(\d+)\/scenarios$/, 'scenarios', ['app']],
  [/^\/applications\/(\d+)\/scenarios\/(new|\d+)$/, 'scenario', ['app', 'scenario']],
  [/^\/applications\/(\d+)\/rules$/, 'rules', ['app']],
  [/^\/applications\/(\d+)\/users$/, 'users', ['app']],
  [/^\/applications\/(\d+)\/sessions$/, 'sessions', ['app']],
  [/^\/calls$/, 'calls', []],
  [/^\/sessions\/([A-Za-z0-9-]{1,64})$/, 'session', ['session']],
  [/^\/live$/, 'live', []],
  [/^\/phone-numbers$/, 'numbers', []],
  [/^\/sip-trunks$/, 'trunks', []],
  [/^\/accounts$/, 'accounts', []],
  [/^\/settings$/, 'settings', []],
];

const state = {
  me: null,
  cleanup: null,
  leaveGuard: null,
  renderSeq: 0,
  skipNextHashChange: false,
  lastHash: '',
};

const main = document.getElementById('main');

function parseHash() {
  const raw = decodeURIComponent(location.hash.replace(/^#/, '')) || '/applications';
  const [path, qs] = raw.split('?');
  return {path: path || '/applications', query: Object.fromEntries(new URLSearchParams(qs || ''))};
}

function showShell(me) {
  const top = document.getElementById('top');
  top.hidden = false;
  document.getElementById('who').textContent = `${me.account.name}${me.signed_in_with === 'password' ? ' · password' : ''}`;
  document.querySelectorAll('[data-admin]').forEach(el => { el.hidden = !me.account.admin; });
}

function markNav(path) {
  const section = path.split('/')[1];
  document.querySelectorAll('#nav-links a').forEach(a => {
    const current = a.dataset.section === section;
    if (current) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
}

async function route({focus = true} = {}) {
  if (!state.me) return;
  const {path, query} = parseHash();
  const seq = ++state.renderSeq;
  if (state.cleanup) {
    try { state.cleanup(); } catch { /* a page's cleanup must not stop navigation */ }
    state.cleanup = null;
  }
  state.leaveGuard = null;
  markNav(path);
  const match = routes.map(([re, page, names]) => ({m: path.match(re), page, names})).find(r => r.m);
  if (!match) {
    replace(main, h('h1', {tabindex: '-1'}, 'Not found'), h('p', {}, 'There is no console page at ', h('code', {}, path), '. ',
      h('a', {href: '#/applications'}, 'Go to applications')));
    main.querySelector('h1').focus();
    return;
  }
  const params = Object.fromEntries(match.names.map((n, i) => [n, match.m[i + 1]]));
  const ctx = {
    me: state.me,
    params,
    query,
    navigate: (hash) => { location.hash = hash; },
    onLeave: (fn) => { state.leaveGuard = fn; },
    isCurrent: () => seq === state.renderSeq,
  };
  // Each render draws into a root of its own inside main. When the user navigates on or signs out while a page
  // is still loading, main gets new content and this root is detached: the late page then draws nowhere (it drew
  // its list over the sign-in form once, in CI).
  const root = h('div', {class: 'page-root'});
  replace(main, root);
  replace(root, h('p', {class: 'loading'}, 'Loading…'));
  try {
    const module = await import(`./pages/${match.page}.js`);
    if (seq !== state.renderSeq) return;
    const cleanup = await module.default(root, ctx);
    if (seq !== state.renderSeq) {
      if (typeof cleanup === 'function') cleanup();
      return;
    }
    state.cleanup = typeof cleanup === 'function' ? cleanup : null;
  } catch (e) {
    if (seq !== state.renderSeq || e.status === 401) return;
    replace(main, h('h1', {tabindex: '-1'}, 'Something went wrong'),
      h('p', {class: 'form-error', role: 'alert'}, e.message || String(e)),
      h('p', {}, h('a', {href: '#/applications'}, 'Go to applications')));
  }
  if (focus && seq === state.renderSeq) {
    const title = main.querySelector('h1');
    if (title) title.focus({preventScroll: false});
  }
}

window.addEventListener('hashchange', () => {
  if (state.skipNextHashChange) {
    state.skipNextHashChange = false;
    return;
  }
  if (state.leaveGuard) {
    const message = state.leaveGuard();
    if (message && !window.confirm(message)) {
      state.skipNextHashChange = true;
      location.hash = state.lastHash;
      return;
    }
  }
  state.lastHash = location.hash;
  route();
});

window.addEventListener('beforeunload', (e) => {
  if (state.leaveGuard && state.leaveGuard()) {
    e.preventDefault();
  }
});

async function signedIn(me, {focus = true} = {}) {
  state.me = me;
  setCsrfToken(me.csrf_token);
  showShell(me);
  if (!location.hash || location.hash === '#' || location.hash === '#/') {
    history.replaceState(null, '', '#/applications');
  }
  state.lastHash = location.hash;
  await route({focus});
}

function signedOut(message) {
  state.renderSeq++; // a page still loading is no longer current
  if (state.cleanup) {
    try { state.cleanup(); } catch { /* ignore */ }
    state.cleanup = null;
  }
  state.me = null;
  state.leaveGuard = null;
  setCsrfToken(null);
  document.getElementById('top').hidden = true;
  renderSignIn(main, {message, onSignedIn: (me) => signedIn(me)});
}

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await session.signOut();
  } catch (e) {
    toast(`Sign-out failed: ${e.message}`, 'error');
    return;
  }
  signedOut('You have signed out.');
});

whenSessionEnds(() => {
  if (state.me) signedOut('Your session has ended. Sign in again to continue.');
});

(async function boot() {
  let me = null;
  try {
    me = await session.current();
  } catch (e) {
    replace(main, h('h1', {}, 'The node does not answer'), h('p', {class: 'form-error'}, e.message));
    return;
  }
  if (me) await signedIn(me, {focus: false});
  else signedOut(null);
})();
