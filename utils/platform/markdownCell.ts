/** Text made safe for one cell of a Markdown table: a pipe would end the cell, a newline the row. */
export function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
