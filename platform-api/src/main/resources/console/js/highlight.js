// A small JavaScript highlighter for the scenario editor: a single left-to-right scan into tokens,
// rendered as escaped HTML, one string per source line (tokens that span lines are split).

const KEYWORDS = new Set(('await break case catch class const continue debugger default delete do else export extends finally '
  + 'for function if import in instanceof let new of return static super switch throw try typeof var void while with yield async')
  .split(' '));
const CONSTANTS = new Set('true false null undefined NaN Infinity this'.split(' '));
// The VoxEngine globals a scenario uses, shown like constants so typos stand out.
const GLOBALS = new Set(('VoxEngine AppEvents CallEvents ConferenceEvents PlayerEvents RecorderEvents Logger Net Modules Language '
  + 'VoiceList require setTimeout setInterval clearTimeout clearInterval JSON Math Date Promise Object Array String Number')
  .split(' '));

// After these tokens a '/' starts a regular expression rather than a division.
const REGEX_AFTER_PUNCT = new Set('( , = : [ ! & | ? { } ; + - * % < > ~ ^ =>'.split(' '));
const REGEX_AFTER_WORD = new Set('return typeof instanceof in of new delete void throw case do else yield await'.split(' '));

const re = {
  space: /[ \t\r\n]+/y,
  lineComment: /\/\/[^\n]*/y,
  blockComment: /\/\*[\s\S]*?(?:\*\/|$)/y,
  string: /'(?:[^'\\\n]|\\[\s\S])*(?:'|$)|"(?:[^"\\\n]|\\[\s\S])*(?:"|$)/my,
  template: /`(?:[^`\\]|\\[\s\S])*(?:`|$)/y,
  number: /(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?)n?/y,
  ident: /[A-Za-z_$\u00c0-\uffff][\w$\u00c0-\uffff]*/y,
  regex: /\/(?![*/])(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])+\/[a-z]*/y,
  punct: /=>|\?\?=?|\?\.|\.\.\.|[=!]==?|[<>]=?|&&=?|\|\|=?|\*\*=?|[-+*/%&|^]=?|\+\+|--|[{}()[\];,.:?~]/y,
};

function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Splits source into [{type, text}] tokens; type null is plain text. */
export function tokenize(src) {
  const out = [];
  let i = 0;
  let prev = null; // the last significant token
  const at = (rx) => {
    rx.lastIndex = i;
    const m = rx.exec(src);
    return m && m.index === i ? m[0] : null;
  };
  for (let guard = 0; i < src.length && guard < src.length + 10; guard++) {
    let m;
    if ((m = at(re.space))) {
      out.push({type: null, text: m});
    } else if ((m = at(re.lineComment)) || (m = at(re.blockComment))) {
      out.push({type: 'com', text: m});
    } else if ((m = at(re.string)) || (m = at(re.template))) {
      out.push({type: 'str', text: m});
      prev = {type: 'str', text: m};
    } else if (src[i] === '/' && (!prev || (prev.type === 'punc' && REGEX_AFTER_PUNCT.has(prev.text))
        || (prev.type === 'kw' && REGEX_AFTER_WORD.has(prev.text))) && (m = at(re.regex))) {
      out.push({type: 're', text: m});
      prev = {type: 're', text: m};
    } else if ((m = at(re.number))) {
      out.push({type: 'num', text: m});
      prev = {type: 'num', text: m};
    } else if ((m = at(re.ident))) {
      let type = null;
      if (KEYWORDS.has(m)) type = 'kw';
      else if (CONSTANTS.has(m) || GLOBALS.has(m)) type = 'const';
      else if (/^\s*\(/.test(src.slice(i + m.length, i + m.length + 40))) type = 'fn';
      out.push({type, text: m});
      prev = {type: type === 'kw' ? 'kw' : 'ident', text: m};
    } else if ((m = at(re.punct))) {
      out.push({type: 'punc', text: m});
      prev = {type: 'punc', text: m};
    } else {
      out.push({type: null, text: src[i]});
      prev = {type: 'other', text: src[i]};
      m = src[i];
    }
    i += m.length;
  }
  return out;
}

/** The source as highlighted HTML, one string per line. */
export function highlightLines(src) {
  const lines = [''];
  for (const tok of tokenize(src)) {
    const parts = tok.text.split('\n');
    parts.forEach((part, n) => {
      if (n > 0) lines.push('');
      if (!part) return;
      const text = escapeHtml(part);
      lines[lines.length - 1] += tok.type && tok.type !== 'punc' || tok.type === 'punc' && /[{}()[\]]/.test(part)
        ? `<span class="tok-${tok.type}">${text}</span>` : text;
    });
  }
  return lines;
}
