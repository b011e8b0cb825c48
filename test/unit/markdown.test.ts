import assert from 'node:assert/strict';
import fc from 'fast-check';
import { codeSpan, escapeMarkdown } from '../../src/core/view/markdown';

import { md } from './helpers/markdown';

function decodeEntities(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text a reader sees: render, assert there is no markup but paragraphs/line breaks, strip those. */
function renderedText(markdown: string): string {
  const html = md.render(markdown);
  const tags = html.match(/<\/?([a-zA-Z0-9]+)[^>]*>/g) ?? [];
  for (const tag of tags) {
    assert.match(tag, /^<\/?(p|br ?\/?)>$/, `unexpected markup ${tag} in ${JSON.stringify(html)} from ${JSON.stringify(markdown)}`);
  }
  return decodeEntities(html.replace(/<br ?\/?>\n?/g, '\n').replace(/<\/?p>\n?/g, '')).replace(/\n$/, '');
}

/** What escapeMarkdown promises to preserve: each line's text, trimmed, without empty lines. */
function visible(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, '')
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((l) => l.replace(/\t/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
}

const ATTACKS = [
  '[x](command:foo)',
  '[click](command:workbench.action.terminal.new?%5B%5D "run")',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '![img](https://evil.example/x.png)',
  '<https://evil.example>',
  'https://evil.example/path?a=1',
  'www.evil.example',
  'mail ada@evil.example now',
  '`code` and ``double`` and ```fence',
  '```\nfenced\n```',
  '# heading',
  '1. list',
  '- item\n* item\n+ item',
  '> quote',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  'a\\',
  '\\[x\\](command:foo)',
  '**bold** _em_ ~~strike~~',
  '&lt;img src=x onerror=1&gt; &amp; &#60;b&#62;',
  '[ref]: command:foo\n[ref]',
  'line1\n\n\n    indented code\n\tline3',
  'setext\n===',
  'x\n---',
  '<!-- comment -->',
  '{{ template }} ~~ ^ %',
];

describe('escapeMarkdown', () => {
  for (const attack of ATTACKS) {
    it(`makes ${JSON.stringify(attack)} inert and shows it as written`, () => {
      assert.equal(renderedText(escapeMarkdown(attack)), visible(attack));
    });
  }

  it('escapes every ASCII punctuation character', () => {
    const punctuation = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
    assert.equal(escapeMarkdown(punctuation), punctuation.replace(/./g, (c) => '\\' + c));
  });

  it('leaves letters, digits and non-ASCII text alone', () => {
    assert.equal(escapeMarkdown('Größe 42 → 名前 ✓'), 'Größe 42 → 名前 ✓');
  });

  it('drops bidi overrides and zero-width characters that disguise text', () => {
    assert.equal(escapeMarkdown('abc\u202Egnp.exe\u200B'), 'abcgnp\\.exe');
  });

  it('caps long text', () => {
    const out = escapeMarkdown('a'.repeat(10_000), 100);
    assert.equal(out, 'a'.repeat(100) + '…');
  });

  it('is inert and faithful for arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        assert.equal(renderedText(escapeMarkdown(text)), visible(text));
      }),
      { numRuns: 2000 },
    );
    const markdownish = fc.string({ unit: fc.constantFrom(...'[]()<>`*_#!|\\-+.:/ \nacx@&;=\t'.split('')), maxLength: 40 });
    fc.assert(
      fc.property(markdownish, (text) => {
        assert.equal(renderedText(escapeMarkdown(text)), visible(text));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('codeSpan', () => {
  function spanText(markdown: string): string {
    const html = md.renderInline(markdown);
    const match = /^<code>([\s\S]*)<\/code>$/.exec(html);
    assert.ok(match, `not a single code span: ${html}`);
    return decodeEntities(match[1]);
  }

  it('wraps plain ids in single backticks', () => {
    assert.equal(codeSpan('a3f1c9d2-0000'), '`a3f1c9d2-0000`');
  });

  it('cannot be closed from inside', () => {
    for (const id of ['a`b', '``', '`start', 'end`', 'x```y` [a](command:foo)', '<img src=x onerror=1>', ' padded ']) {
      assert.equal(spanText(codeSpan(id)), id, id);
    }
  });

  it('keeps line breaks from ending the span', () => {
    assert.equal(spanText(codeSpan('a\n\nb')), 'a b');
  });

  it('holds for arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('`', 'a', ' ', '<', '['), minLength: 1, maxLength: 20 }), (text) => {
        fc.pre(text.trim() !== '');
        assert.equal(spanText(codeSpan(text)), text);
      }),
      { numRuns: 2000 },
    );
  });
});
