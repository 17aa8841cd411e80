/**
 * Text from outside (a webhook's answer, HubSpot's or a page's words, a name a user typed) made safe for Markdown
 * exports: it renders as that text and nothing else, whatever it holds.
 */

/**
 * The characters with a meaning anywhere in a line of CommonMark or GFM: emphasis, code, links and images, HTML and
 * entities, table cells, strikethrough, a heading's closing `#`s. Escaped with a backslash, as CommonMark allows;
 * the rest of the punctuation stays, so URLs and sentences stay readable in the raw file.
 */
const INLINE_MARKUP = /[\\`*_[\]<>!|~&#]/g;

/** What opens a block when it starts a line or a list item: a list, a quote, a heading underline. */
const BLOCK_START = /^(?:[-+=>]|\d{1,9}[.)])/;

/** Text on one line: breaks would end it, so they become spaces; characters with a meaning in a line are escaped. */
function inline(text: string): string {
  return text
    .replace(/\0/g, '\uFFFD')
    .replace(/\r\n?|\n/g, ' ')
    .trim()
    .replace(INLINE_MARKUP, (character) => `\\${character}`);
}

/** Text for a line that Markdown may read as a block: a heading or a list item. */
export function markdownText(text: string): string {
  return inline(text).replace(BLOCK_START, (start) => `${start.slice(0, -1)}\\${start.slice(-1)}`);
}

/** Text for one cell of a Markdown table, where no block can start. */
export const markdownCell = inline;
