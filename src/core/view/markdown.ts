/**
 * Making untrusted (server) text inert in Markdown tooltips.
 *
 * VS Code renders MarkdownString with a CommonMark/GFM renderer. Text from the server could
 * otherwise make links (`[x](command:foo)`), autolinks (`https://…`, `<http://…>`, `www.…`, emails),
 * images, HTML (`<img onerror=…>`), headings, lists, tables or code that swallows what follows.
 * CommonMark lets a backslash escape EVERY ASCII punctuation character and renders it literally,
 * so we escape all of them: nothing can start a construct, and the reader sees the original text.
 * (Escaping `:` `.` `@` and `/` is what defeats GFM's bare-URL and e-mail autolinking.)
 */

import { noThemeIcons } from './themeIcons';

// All ASCII punctuation: !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;
// C0/C1 controls except tab/newline, plus bidi overrides and zero-width characters that can make
// text display differently from what it is.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

const DEFAULT_MAX = 2000;

function escapeLine(line: string): string {
  // Leading spaces would make an indented code block, where escapes show as backslashes.
  return line.replace(/\t/g, ' ').trim().replace(ASCII_PUNCTUATION, (c) => '\\' + c);
}

/** True when nothing of `text` would show: only white space and invisible characters. */
export function isBlankText(text: string | undefined): boolean {
  return text === undefined || String(text).replace(INVISIBLE, '').trim() === '';
}

/**
 * Escape untrusted text for use inside Markdown. Line breaks become Markdown hard breaks
 * (`"  \n"`); blank lines are dropped; the result is capped at `maxLength` source characters.
 */
export function escapeMarkdown(text: string, maxLength = DEFAULT_MAX): string {
  let source = noThemeIcons(String(text).replace(INVISIBLE, ''));
  if (source.length > maxLength) source = source.slice(0, maxLength) + '…';
  return source
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map(escapeLine)
    .filter((line) => line !== '')
    .join('  \n');
}

/**
 * Untrusted text as an inline code span that cannot be closed from inside: the fence is one
 * backtick longer than the longest run of backticks in the text (CommonMark's rule), and line
 * breaks (which could end the paragraph, and with it the span) become spaces.
 */
export function codeSpan(text: string, maxLength = 200): string {
  let source = noThemeIcons(String(text).replace(INVISIBLE, '').replace(/[\r\n\t\u2028\u2029]+/g, ' '));
  if (source.length > maxLength) source = source.slice(0, maxLength) + '…';
  if (source.trim() === '') return escapeMarkdown(source) || '""';
  let longest = 0;
  for (const run of source.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = source.startsWith('`') || source.endsWith('`') || (source.startsWith(' ') && source.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${source}${pad}${fence}`;
}
