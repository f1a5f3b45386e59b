// Sign-in: an account API key, or the administrator password.
import {session} from '../api.js';
import {clearErrors, h, replace, showError, uid} from '../dom.js';

export function renderSignIn(main, {message, onSignedIn}) {
  const keyId = uid('method');
  const pwId = uid('method');
  const secretId = uid('secret');
  const helpId = `${secretId}-help`;
  const secret = h('input', {id: secretId, name: 'secret', type: 'password', required: true, autocomplete: 'current-password',
    'aria-describedby': `${helpId} ${secretId}-error`, spellcheck: 'false'});
  const secretLabel = h('label', {for: secretId}, 'Your API key');
  const help = h('p', {class: 'help', id: helpId},
    'The key of your account. The administrator\'s is in bootstrap-credentials.json in the node\'s data directory.');
  const submit = h('button', {type: 'submit', class: 'button primary'}, 'Sign in');

  function methodChanged() {
    const byPassword = form.elements.method.value === 'password';
    secretLabel.textContent = byPassword ? 'The administrator password' : 'Your API key';
    help.textContent = byPassword
      ? 'Set with DIALTONE_ADMIN_PASSWORD on the node\'s first start, or with PUT /api/v1/admin/password.'
      : 'The key of your account. The administrator\'s is in bootstrap-credentials.json in the node\'s data directory.';
    clearErrors(form);
  }

  const form = h('form', {class: 'card signin-form', novalidate: true, 'aria-labelledby': 'signin-title'},
    h('h1', {id: 'signin-title', tabindex: '-1'}, 'Sign in to Dialtone'),
    message ? h('p', {class: 'notice', role: 'status'}, message) : null,
    h('fieldset', {class: 'segmented'},
      h('legend', {}, 'Sign in with'),
      h('input', {type: 'radio', name: 'method', id: keyId, value: 'api_key', checked: true, onchange: methodChanged}),
      h('label', {for: keyId}, 'API key'),
      h('input', {type: 'radio', name: 'method', id: pwId, value: 'password', onchange: methodChanged}),
      h('label', {for: pwId}, 'Administrator password')),
    h('div', {class: 'field', dataset: {field: 'secret'}}, secretLabel, secret, help,
      h('p', {class: 'field-error', id: `${secretId}-error`, hidden: true})),
    h('div', {class: 'actions'}, submit));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const value = secret.value;
    if (!value) {
      showError(form, {field: 'secret', message: `Enter ${secretLabel.textContent.replace(/^Your/, 'your').replace(/^The/, 'the')}.`});
      return;
    }
    const byPassword = form.elements.method.value === 'password';
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    try {
      const me = await session.signIn(byPassword ? {password: value} : {api_key: value});
      secret.value = '';
      await onSignedIn(me);
    } catch (err) {
      submit.disabled = false;
      submit.textContent = 'Sign in';
      const text = err.status === 401
        ? (byPassword ? 'Wrong password, or no administrator password is set on this node.' : 'That API key is not valid.')
        : err.status === 429 ? `Too many failed attempts: ${err.message}` : err.message;
      showError(form, {field: 'secret', message: text});
    }
  });

  replace(main, h('div', {class: 'signin'}, form));
  form.querySelector('h1').focus();
}
