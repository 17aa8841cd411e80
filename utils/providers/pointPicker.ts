/**
 * "Point at it": lets the user show the extension which element on HubSpot's page is an app's choice. A layer over
 * the page takes every pointer event, so nothing on the page is clicked; it outlines the choice under the pointer,
 * a click picks it and Escape cancels. Keyboard users step through the page's choices with Tab and pick with Enter.
 * Framework-free: it runs in the content script.
 */
import { choiceFor, choicesOn } from './providerDetection';

export interface PointPickerOptions {
  document: Document;
  /** The app's name, for the line that says what to point at. */
  name: string;
  onPick: (choice: Element) => void;
  onCancel: () => void;
}

export interface PointPicker {
  stop(): void;
}

const LAYER_STYLE = 'position:fixed;inset:0;z-index:2147483647;cursor:crosshair;background:transparent;';
const OUTLINE_STYLE =
  'position:fixed;z-index:2147483647;pointer-events:none;border:2px solid #ff7a59;border-radius:4px;box-shadow:0 0 0 4000px rgba(33,51,67,.25);display:none;';
const HINT_STYLE =
  'position:fixed;z-index:2147483647;left:50%;top:12px;transform:translateX(-50%);padding:6px 12px;border-radius:4px;background:#213343;color:#fff;font:13px/1.4 sans-serif;pointer-events:none;';

export function startPointPicker({ document, name, onPick, onCancel }: PointPickerOptions): PointPicker {
  const maybeView = document.defaultView;
  if (!maybeView) throw new Error('The page has no window to point in.');
  const view: Window = maybeView;
  // A closed shadow root keeps the page's styles off the layer, and the page's scripts out of it.
  const host = document.createElement('cct-point-picker');
  const shadow = host.attachShadow({ mode: 'closed' });
  const layer = document.createElement('div');
  layer.setAttribute('style', LAYER_STYLE);
  const outline = document.createElement('div');
  outline.setAttribute('style', OUTLINE_STYLE);
  const hint = document.createElement('div');
  hint.setAttribute('style', HINT_STYLE);
  hint.textContent = `Click ${name} on the page · Tab steps through choices, Enter picks · Esc cancels`;
  shadow.append(layer, outline, hint);
  document.documentElement.append(host);

  let current: Element | null = null;
  let stepped = -1;

  const show = (choice: Element | null) => {
    current = choice;
    if (!choice) {
      outline.style.display = 'none';
      return;
    }
    const box = choice.getBoundingClientRect();
    Object.assign(outline.style, { display: 'block', left: `${box.left - 3}px`, top: `${box.top - 3}px`, width: `${box.width + 6}px`, height: `${box.height + 6}px` });
  };

  const under = (x: number, y: number) => {
    // The layer is in the host's shadow root, so the page's elements under it come after the host.
    const pointed = document.elementsFromPoint(x, y).find((element) => element !== host);
    return pointed ? choiceFor(pointed) : null;
  };

  const finish = (picked: Element | null) => {
    stop();
    if (picked) onPick(picked);
    else onCancel();
  };

  const onMove = (event: PointerEvent) => show(under(event.clientX, event.clientY));
  const onClick = (event: MouseEvent) => {
    event.preventDefault();
    event.stopPropagation();
    const choice = under(event.clientX, event.clientY);
    if (choice) finish(choice);
  };
  // Captured on the window before the page's own handlers: while pointing, the page hears no key.
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') finish(null);
    else if (event.key === 'Enter' && current) finish(current);
    else if (event.key === 'Tab') {
      const choices = choicesOn(document);
      if (choices.length === 0) return;
      stepped = (stepped + (event.shiftKey ? choices.length - 1 : 1)) % choices.length;
      const choice = choices[stepped] ?? null;
      choice?.scrollIntoView({ block: 'center' });
      show(choice);
    } else return;
    event.preventDefault();
    event.stopImmediatePropagation();
  };

  // Heard on the host: the layer's pointer events leave its closed root there, the only place a caller sees them.
  host.addEventListener('pointermove', onMove);
  host.addEventListener('click', onClick);
  view.addEventListener('keydown', onKey, true);

  function stop() {
    view.removeEventListener('keydown', onKey, true);
    host.remove();
  }
  return { stop };
}
