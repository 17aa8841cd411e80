/**
 * Runs a form's submit, then moves focus to the first field it marked invalid, so that a keyboard or screen reader
 * user lands there and hears the field's message (its aria-describedby). The errors are on screen by then: React
 * renders a store update in a microtask queued when the store changed, before this function resumes.
 */
export async function submitThenFocusFirstInvalid(form: HTMLFormElement, submit: () => Promise<void>): Promise<void> {
  await submit();
  form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
