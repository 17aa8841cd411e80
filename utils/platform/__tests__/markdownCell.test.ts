/** Exports' text rendered by a real CommonMark renderer (markdown-it, GFM tables on): text only, whatever it holds. */
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { markdownCell, markdownText } from '../markdownCell';

const renderer = new MarkdownIt('commonmark').enable('table').enable('strikethrough');

const decoded = (html: string) =>
  html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/** What a reader should see of `text`: the same characters, on one line. */
const shown = (text: string) => text.replace(/\0/g, '\uFFFD').replace(/\r\n?|\n/g, ' ').trim();

/** Text made mostly of what Markdown reads as markup, so the property tests meet it often. */
const markupHeavy = fc.string({ unit: fc.constantFrom(...'#-+=>.)1 9*_`[]()!<>|~&;\\\n\r\t:ab'), maxLength: 30 });
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), markupHeavy);

const HOSTILE = [
  '# heading',
  '\r# heading after a CR',
  '![image](https://tracker.example/x.png)',
  '[link](javascript:alert(1))',
  '<img src=x onerror=alert(1)>',
  '<https://example.com>',
  '`code` and ``more``',
  '**bold** _em_ ~~gone~~',
  '| a | b |',
  '> quote',
  '- item',
  '1. first',
  '2) second',
  '    indented code',
  '---',
  '&amp; &#60;',
  'a\\|b',
  'line\nbreak\r\nand\rmore',
];

describe('markdownCell, rendered in a table', () => {
  const cellOf = (text: string) => {
    const html = renderer.render(`| head |\n|---|\n| ${markdownCell(text)} |\n`);
    const match = /^<table>\n<thead>\n<tr>\n<th>head<\/th>\n<\/tr>\n<\/thead>\n<tbody>\n<tr>\n<td>(.*)<\/td>\n<\/tr>\n<\/tbody>\n<\/table>\n$/s.exec(html);
    return match?.[1] ?? `not one cell: ${html}`;
  };

  it.each(HOSTILE)('%j renders as its text, in one cell', (text) => {
    const cell = cellOf(text);
    expect(cell).not.toMatch(/<[a-z]/i);
    expect(decoded(cell)).toBe(shown(text));
  });

  it('any text renders as itself, in one cell, with no markup', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const cell = cellOf(text);
        expect(cell).not.toMatch(/<[a-z/]/i);
        expect(decoded(cell)).toBe(shown(text));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('markdownText, rendered as a list item and a heading', () => {
  it.each(HOSTILE)('%j renders as its text', (text) => {
    expect(decoded(renderer.render(`- ${markdownText(text)}\n`))).toBe(`<ul>\n<li>${shown(text)}</li>\n</ul>\n`);
    expect(decoded(renderer.render(`# Webhook test: ${markdownText(text)}\n`))).toBe(`<h1>Webhook test: ${shown(text)}</h1>\n`);
  });

  it('any text renders as itself, with no markup', () => {
    fc.assert(
      fc.property(anyText.filter((text) => shown(text) !== ''), (text) => {
        expect(decoded(renderer.render(`- ${markdownText(text)}\n`))).toBe(`<ul>\n<li>${shown(text)}</li>\n</ul>\n`);
        expect(decoded(renderer.render(`# Webhook test: ${markdownText(text)}\n`))).toBe(`<h1>Webhook test: ${shown(text)}</h1>\n`);
      }),
      { numRuns: 1000 },
    );
  });
});
