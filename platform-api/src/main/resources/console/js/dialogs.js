// Modal dialogs on <dialog>: the browser keeps focus inside, Escape closes, focus returns to the opener.
import {clearErrors, field, formValues, h, showError} from './dom.js';

function open(dialog) {
  const opener = document.activeElement;
  document.body.append(dialog);
  dialog.showModal();
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (opener && opener.isConnected) opener.focus();
  });
}

/** Asks a yes/no question. Resolves true if confirmed. */
export function confirmDialog({title, message, confirmLabel = 'Confirm', danger = false}) {
  return new Promise((resolve) => {
    let answer = false;
    const titleId = `dlg-${Math.random().toString(36).slice(2)}`;
    const dialog = h('dialog', {class: 'dialog', 'aria-labelledby': titleId},
      h('form', {method: 'dialog'},
        h('h2', {id: titleId}, title),
        h('p', {}, message),
        h('div', {class: 'actions'},
          h('button', {type: 'submit', value: 'cancel', class: 'button secondary', autofocus: true}, 'Cancel'),
          h('button', {type: 'submit', value: 'ok', class: `button ${danger ? 'danger' : 'primary'}`,
            onclick: () => { answer = true; }}, confirmLabel))));
    dialog.addEventListener('close', () => resolve(answer));
    open(dialog);
  });
}

/**
 * A form in a dialog; an array in `fields` is a row of fields side by side. onSubmit(values) may throw an ApiError: it is shown next to the field it names
 * and the dialog stays open. Resolves with onSubmit's result, or null if cancelled.
 */
export function formDialog({title, fields, submitLabel = 'Save', onSubmit, intro, fieldAliases}) {
  return new Promise((resolve) => {
    let result = null;
    const titleId = `dlg-${Math.random().toString(36).slice(2)}`;
    const submit = h('button', {type: 'submit', class: 'button primary'}, submitLabel);
    const cancel = h('button', {type: 'button', class: 'button secondary', onclick: () => dialog.close()}, 'Cancel');
    const form = h('form', {novalidate: true},
      h('h2', {id: titleId}, title),
      intro ? h('p', {class: 'help'}, intro) : null,
      fields.map(f => (Array.isArray(f) ? h('div', {class: 'row'}, f.map(field)) : field(f))),
      h('div', {class: 'actions'}, cancel, submit));
    const dialog = h('dialog', {class: 'dialog wide', 'aria-labelledby': titleId}, form);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      submit.disabled = true;
      try {
        result = await onSubmit(formValues(form));
        dialog.close();
      } catch (err) {
        if (err && err.message) showError(form, err, fieldAliases);
        else throw err;
      } finally {
        submit.disabled = false;
      }
    });
    dialog.addEventListener('close', () => resolve(result));
    open(dialog);
    const first = form.querySelector('input:not([type=hidden]), select, textarea');
    if (first) first.focus();
  });
}

/** Shows a value once (e.g. a new API key) with a copy button. */
export function revealDialog({title, message, value, label}) {
  return new Promise((resolve) => {
    const titleId = `dlg-${Math.random().toString(36).slice(2)}`;
    const inputId = `${titleId}-value`;
    const input = h('input', {id: inputId, type: 'text', readonly: true, value, class: 'mono', spellcheck: 'false'});
    const copy = h('button', {type: 'button', class: 'button secondary', onclick: async () => {
      input.select();
      try { await navigator.clipboard.writeText(value); copy.textContent = 'Copied'; } catch { document.execCommand('copy'); }
    }}, 'Copy');
    const dialog = h('dialog', {class: 'dialog wide', 'aria-labelledby': titleId},
      h('form', {method: 'dialog'},
        h('h2', {id: titleId}, title),
        h('p', {}, message),
        h('div', {class: 'field'}, h('label', {for: inputId}, label), h('div', {class: 'inline'}, input, copy)),
        h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button primary'}, 'Done'))));
    dialog.addEventListener('close', () => resolve());
    open(dialog);
    input.focus();
    input.select();
  });
}
