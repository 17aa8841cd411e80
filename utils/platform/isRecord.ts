/** A plain JSON object, as parsed bodies and imported files are checked before their fields are read. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field read from such an object as text: anything else is no text. */
export function stringField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
