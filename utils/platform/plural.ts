/** `plural(1, 'tab')` → `1 tab`, `plural(2, 'tab')` → `2 tabs`. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
