// The scenario code editor: a plain <textarea> (so typing, selection, undo, screen readers and mobile
// keyboards all work as usual) over a highlighted copy of its text, with line numbers.
// Tab indents (Shift+Tab outdents); Escape then Tab leaves the editor, so the keyboard is never trapped.
import {h} from './dom.js';
import {highlightLines} from './highlight.js';

export function createEditor({value = '', label = 'Source', onChange = () => {}, onSave = () => {}} = {}) {
  const code = h('code', {});
  const pre = h('pre', {'aria-hidden': 'true'}, code);
  const gutter = h('div', {class: 'gutter', 'aria-hidden': 'true'});
  const hintId = `editor-hint-${Math.random().toString(36).slice(2)}`;
  const textarea = h('textarea', {spellcheck: 'false', autocapitalize: 'off', autocomplete: 'off', autocorrect: 'off',
    wrap: 'off', 'aria-label': label, 'aria-describedby': hintId, 'data-gramm': 'false'});
  textarea.value = value;
  const status = h('span', {class: 'editor-status', 'aria-live': 'off'}, 'Ln 1, Col 1');
  const hint = h('p', {class: 'help', id: hintId},
    'Tab indents, Shift+Tab outdents; press Esc then Tab to move on. Ctrl+S saves.');
  const element = h('div', {class: 'editor'}, gutter, h('div', {class: 'code'}, pre, textarea));

  let errorLine = null;
  let lineCount = -1;
  let scheduled = false;
  let escaped = false;

  function render() {
    scheduled = false;
    const lines = highlightLines(textarea.value);
    code.innerHTML = lines.map((l, i) => `<span class="line${i + 1 === errorLine ? ' error' : ''}">${l || ' '}</span>`)
      .join('\n') + '\n\n\n';
    if (lines.length !== lineCount || errorLine !== gutter.dataset.error) {
      lineCount = lines.length;
      gutter.dataset.error = errorLine;
      gutter.replaceChildren(...lines.map((_, i) => h('div', {class: i + 1 === errorLine ? 'error' : null}, String(i + 1))),
        h('div', {}, ' '), h('div', {}, ' '), h('div', {}, ' '));
    }
    syncScroll();
  }

  function schedule() {
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(render);
    }
  }

  function syncScroll() {
    pre.scrollTop = textarea.scrollTop;
    pre.scrollLeft = textarea.scrollLeft;
    gutter.scrollTop = textarea.scrollTop;
  }

  function caret() {
    const before = textarea.value.slice(0, textarea.selectionStart);
    const line = before.split('\n').length;
    const col = textarea.selectionStart - before.lastIndexOf('\n');
    return {line, col};
  }

  function updateStatus() {
    const {line, col} = caret();
    status.textContent = `Ln ${line}, Col ${col}`;
  }

  function insert(text) {
    // execCommand keeps the browser's undo history; setRangeText is the fallback.
    if (!document.execCommand('insertText', false, text)) {
      textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, 'end');
      textarea.dispatchEvent(new Event('input'));
    }
  }

  function indentSelection(outdent) {
    const v = textarea.value;
    const start = v.lastIndexOf('\n', textarea.selectionStart - 1) + 1;
    let end = textarea.selectionEnd;
    if (end > start && v[end - 1] === '\n') end -= 1;
    const block = v.slice(start, end);
    const changed = block.split('\n').map(l => outdent ? l.replace(/^ {1,2}/, '') : `  ${l}`).join('\n');
    textarea.setSelectionRange(start, end);
    insert(changed);
    textarea.setSelectionRange(start, start + changed.length);
  }

  textarea.addEventListener('keydown', (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      onSave();
      return;
    }
    if (e.key === 'Escape') {
      escaped = true;
      return;
    }
    if (e.key === 'Tab' && !escaped && !e.ctrlKey && !e.altKey && !e.metaKey) {
      e.preventDefault();
      const multi = textarea.value.slice(textarea.selectionStart, textarea.selectionEnd).includes('\n');
      if (e.shiftKey || multi) indentSelection(e.shiftKey);
      else insert('  ');
      return;
    }
    if (e.key === 'Enter' && !e.ctrlKey && !e.altKey && !e.metaKey && !e.shiftKey) {
      const v = textarea.value;
      const lineStart = v.lastIndexOf('\n', textarea.selectionStart - 1) + 1;
      const indent = v.slice(lineStart).match(/^[ \t]*/)[0];
      const extra = /[{[(]\s*$/.test(v.slice(lineStart, textarea.selectionStart)) ? '  ' : '';
      e.preventDefault();
      insert(`\n${indent}${extra}`);
      return;
    }
    escaped = false;
  });
  textarea.addEventListener('input', () => {
    schedule();
    updateStatus();
    onChange(textarea.value);
  });
  textarea.addEventListener('scroll', syncScroll);
  for (const ev of ['keyup', 'click', 'focus', 'select']) textarea.addEventListener(ev, updateStatus);
  textarea.addEventListener('blur', () => { escaped = false; });

  render();

  return {
    element,
    status,
    hint,
    textarea,
    getValue: () => textarea.value,
    setValue(v) {
      textarea.value = v;
      errorLine = null;
      render();
      updateStatus();
    },
    setReadOnly(ro) {
      textarea.readOnly = ro;
    },
    /** Highlights a line as erroneous (null clears). */
    markError(line) {
      errorLine = line;
      render();
    },
    /** Puts the caret at a 1-based line and column and scrolls it into view. */
    focusAt(line, col) {
      const lines = textarea.value.split('\n');
      const l = Math.max(1, Math.min(line, lines.length));
      let offset = 0;
      for (let i = 0; i < l - 1; i++) offset += lines[i].length + 1;
      offset += Math.max(0, Math.min(col - 1, lines[l - 1].length));
      textarea.focus({preventScroll: true});
      textarea.setSelectionRange(offset, offset);
      const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 21;
      const target = (l - 1) * lineHeight - textarea.clientHeight / 3;
      textarea.scrollTop = Math.max(0, target);
      const charWidth = 8.4;
      const x = (col - 1) * charWidth;
      textarea.scrollLeft = x > textarea.clientWidth - 40 ? x - textarea.clientWidth / 2 : 0;
      syncScroll();
      updateStatus();
    },
    caret,
  };
}
