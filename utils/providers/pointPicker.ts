/**
 * "Point at it": the user shows the extension which element on HubSpot's page is their app's choice, and the
 * extension keeps a selector for it. A layer over the page outlines the choice under the pointer; a click picks it,
 * Escape cancels. Keyboard users step through the page's choices with Tab and pick with Enter. The picked choice's
 * selector is shown with what the page says of it, and saved only when the user confirms.
 *
 * While the layer is up the page hears no pointer or key event: every one is taken at the window in the capture
 * phase, before it reaches any element, and the layer's own buttons are found from the event's path. Focus never
 * moves into the layer, so a dialog's focus trap on HubSpot's page cannot fight it. Only events the user made count
 * (`isTrusted`): the page's scripts can neither pick nor confirm. Framework-free: it runs in the content script.
 */
import { pointedSelector } from './pointedSelector';
import { choiceFor, choicesOn, classifyChoice, frameDocument, framesOf, normalize, POINT_PICKER_TAG } from './providerDetection';

export interface PointPickerOptions {
  document: Document;
  /** The app's name, for the line that says what to point at. */
  name: string;
  /** The profile the selector is saved to, named on the button that saves it. */
  profileLabel: string;
  /** Saves the selector: resolves to the words that say so, rejects with the words that say why not. */
  save: (selector: string) => Promise<string>;
  /** Called once, when the layer goes away, with whether a selector was saved. */
  onClose: (saved: boolean) => void;
  /** Whether an event is the user's; tests stand in for the browser here. */
  isTrusted?: (event: Event) => boolean;
}

export interface PointPicker {
  /** Takes the layer away without saving. */
  stop(): void;
}

/** Events that would reach the page while pointing: all are taken, and none reaches it. */
const TAKEN_EVENTS = [
  'pointerdown',
  'pointerup',
  'pointermove',
  'pointerover',
  'pointerout',
  'mousedown',
  'mouseup',
  'mousemove',
  'mouseover',
  'mouseout',
  'click',
  'dblclick',
  'auxclick',
  'contextmenu',
  'touchstart',
  'touchend',
  'keydown',
  'keyup',
  'keypress',
] as const;
/** A page deeper than this in shadow roots and frames is not pointed into further. */
const MAX_DEPTH = 8;
const PREVIEW_LENGTH = 60;

const STYLE = `
:host { all: initial; }
.layer { position: fixed; inset: 0; z-index: 2147483647; cursor: crosshair; }
.outline { position: fixed; z-index: 2147483647; box-sizing: border-box; pointer-events: none; border: 2px solid #ff7a59; border-radius: 4px;
  box-shadow: 0 0 0 4000px rgba(33, 51, 67, .25); display: none; }
.panel { position: fixed; z-index: 2147483647; left: 50%; top: 12px; transform: translateX(-50%); max-width: min(560px, 90vw);
  padding: 10px 14px; border-radius: 6px; background: #213343; color: #fff; font: 13px/1.45 system-ui, sans-serif;
  box-shadow: 0 4px 16px rgba(0, 0, 0, .3); cursor: default; }
.panel p { margin: 0 0 6px; }
code { font: 12px/1.4 ui-monospace, monospace; background: rgba(255, 255, 255, .14); padding: 1px 4px; border-radius: 3px;
  overflow-wrap: anywhere; }
.keys { color: #cbd6e2; }
.actions { display: flex; gap: 8px; margin-top: 8px; }
button { font: inherit; padding: 4px 12px; border-radius: 3px; border: 1px solid #cbd6e2; background: transparent; color: #fff;
  cursor: pointer; }
button.primary { background: #ff7a59; border-color: #ff7a59; color: #213343; font-weight: 600; }
`;

type Action = 'save' | 'again' | 'cancel' | 'close';

/** Where an element is on the top page's viewport, across the same-origin frames it is in. */
function boxOf(element: Element, top: Window): DOMRect {
  const box = element.getBoundingClientRect();
  let [left, topEdge] = [box.left, box.top];
  for (let view: Window | null = element.ownerDocument.defaultView; view && view !== top; view = view.parent) {
    const frame = view.frameElement;
    if (!frame) break;
    const frameBox = frame.getBoundingClientRect();
    left += frameBox.left + frame.clientLeft;
    topEdge += frameBox.top + frame.clientTop;
  }
  return new DOMRect(left, topEdge, box.width, box.height);
}

/** The page's element under a point, looking into open shadow roots and same-origin frames, past the layer. */
function elementAt(document: Document, x: number, y: number): Element | null {
  let scope: Document | ShadowRoot = document;
  let pointed: Element | null = null;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    pointed = scope.elementsFromPoint(x, y).find((element) => element.localName !== POINT_PICKER_TAG) ?? null;
    if (!pointed) return null;
    const frame = frameDocument(pointed);
    if (pointed.shadowRoot && pointed.shadowRoot !== scope) scope = pointed.shadowRoot;
    else if (frame) {
      const box = pointed.getBoundingClientRect();
      [x, y] = [x - box.left - pointed.clientLeft, y - box.top - pointed.clientTop];
      scope = frame;
    } else break;
  }
  return pointed;
}

/** The choice as the page shows it, whitespace collapsed and case kept. */
const preview = (choice: Element) => {
  const shown = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
  const text = shown(choice.textContent) || shown(choice.getAttribute('aria-label')) || `<${choice.localName}>`;
  return text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text;
};

export function startPointPicker({ document, name, profileLabel, save, onClose, isTrusted = (event) => event.isTrusted }: PointPickerOptions): PointPicker {
  const maybeView = document.defaultView;
  if (!maybeView) throw new Error('The page has no window to point in.');
  const view: Window = maybeView;
  // An open root, so that tests can see the outline; the page could read it, and finds only the app's name there.
  const host = document.createElement(POINT_PICKER_TAG);
  const shadow = host.attachShadow({ mode: 'open' });
  const make = (tag: string, className: string, text?: string) => {
    const element = document.createElement(tag);
    element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
  };
  const style = document.createElement('style');
  style.textContent = STYLE;
  const outline = make('div', 'outline');
  outline.dataset.part = 'outline';
  const panel = make('div', 'panel');
  panel.dataset.part = 'panel';
  panel.setAttribute('role', 'status');
  shadow.append(style, make('div', 'layer'), outline, panel);
  document.documentElement.append(host);

  type Phase = 'pointing' | 'picked' | 'saving' | 'done';
  let phase: Phase = 'pointing';
  let current: Element | null = null;
  let selector: string | null = null;
  let stepped = -1;
  let saved = false;

  const show = (choice: Element | null) => {
    current = choice;
    if (!choice) {
      outline.style.display = 'none';
      return;
    }
    const box = boxOf(choice, view);
    Object.assign(outline.style, { display: 'block', left: `${box.left - 3}px`, top: `${box.top - 3}px`, width: `${box.width + 6}px`, height: `${box.height + 6}px` });
  };

  const say = (lines: Array<Node | string>[], actions: Array<[Action, string]>, keys: string) => {
    const paragraphs = lines.map((parts) => {
      const paragraph = make('p', '');
      paragraph.append(...parts);
      return paragraph;
    });
    const buttons = make('div', 'actions');
    for (const [index, [action, label]] of actions.entries()) {
      const button = make('button', index === 0 ? 'primary' : '', label);
      button.dataset.action = action;
      button.tabIndex = -1;
      buttons.append(button);
    }
    panel.replaceChildren(...paragraphs, ...(actions.length > 0 ? [buttons] : []), make('p', 'keys', keys));
  };

  const sayPointing = () => say([[`Point at ${name} on the page and click it.`]], [['cancel', 'Cancel']], 'Tab steps through the choices, Enter picks · Esc cancels');

  const pick = (choice: Element) => {
    phase = 'picked';
    show(choice);
    const found = pointedSelector(choice, choice.getRootNode() as ParentNode);
    selector = found?.selector ?? null;
    const { state, signals } = classifyChoice(choice, normalize(name));
    const seen = `The page shows it as ${state}${signals.length > 0 ? ` (${signals.join(', ')})` : ''}.`;
    if (!found) {
      say(
        [[`Picked “${preview(choice)}”.`], ['Nothing stable tells it apart from the rest of the page (no test id, label, accessible name or id), so no selector is offered.']],
        [['again', 'Point again'], ['cancel', 'Cancel']],
        'Tab or a click points again · Esc cancels',
      );
      return;
    }
    const code = make('code', '', found.selector);
    code.dataset.part = 'selector';
    say(
      [[`Picked “${preview(choice)}”.`], ['Selector: ', code, ` (by ${found.basis}).`], [seen]],
      [['save', `Save for “${profileLabel}”`], ['again', 'Point again'], ['cancel', 'Cancel']],
      'Enter saves · Tab or a click points again · Esc cancels',
    );
  };

  const pointAgain = () => {
    phase = 'pointing';
    selector = null;
    show(null);
    sayPointing();
  };

  const confirm = () => {
    if (selector === null) return;
    phase = 'saving';
    say([['Saving…']], [], 'Esc closes');
    save(selector).then(
      (words) => {
        saved = true;
        return words;
      },
      (error: unknown) => `Not saved: ${error instanceof Error ? error.message : String(error)}`,
    ).then((words) => {
      if (phase !== 'saving') return;
      phase = 'done';
      say([[words]], [['close', 'Close']], 'Enter or Esc closes');
    });
  };

  const act = (action: Action) => {
    if (action === 'save') confirm();
    else if (action === 'again') pointAgain();
    else stop();
  };

  const step = (backwards: boolean) => {
    const choices = choicesOn(document);
    if (choices.length === 0) return;
    stepped = (stepped + (backwards ? choices.length - 1 : 1)) % choices.length;
    const choice = choices[stepped] ?? null;
    if (!choice) return;
    if (phase !== 'pointing') pointAgain();
    choice.scrollIntoView({ block: 'center' });
    show(choice);
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.type !== 'keydown') return;
    if (event.key === 'Escape') stop();
    else if (event.key === 'Tab' && (phase === 'pointing' || phase === 'picked')) step(event.shiftKey);
    else if (event.key === 'Enter') {
      if (phase === 'pointing' && current) pick(current);
      else if (phase === 'picked') confirm();
      else if (phase === 'done') stop();
    }
  };

  const onPointer = (event: MouseEvent) => {
    const action = event
      .composedPath()
      .map((target) => (target as Partial<Element>).getAttribute?.('data-action'))
      .find((value) => value) as Action | undefined;
    if (event.type === 'click' && action) return act(action);
    if (event.composedPath().includes(panel)) return;
    if (event.type === 'pointermove' && phase === 'pointing') show(choiceOrNull(elementAt(document, event.clientX, event.clientY)));
    else if (event.type === 'click' && (phase === 'pointing' || phase === 'picked')) {
      const choice = choiceOrNull(elementAt(document, event.clientX, event.clientY));
      if (choice) pick(choice);
    }
  };
  const choiceOrNull = (element: Element | null) => (element ? choiceFor(element) : null);

  const take = (event: Event) => {
    event.stopImmediatePropagation();
    // Keeps the page's focus, its text selection and its menus as they were; a wheel still scrolls.
    if (event.cancelable && event.type !== 'pointermove' && event.type !== 'mousemove') event.preventDefault();
    if (!isTrusted(event)) return;
    // By shape, not `instanceof`: a content script's classes are not the page's.
    if ('key' in event) onKey(event as KeyboardEvent);
    else if ('clientX' in event) onPointer(event as MouseEvent);
  };
  const reposition = () => {
    if (current) show(current);
  };

  // Keys go to the frame that has focus, which may be one of the page's: its window is listened to as well.
  const views: Window[] = [view];
  for (const frame of framesOf(document)) if (frame.defaultView) views.push(frame.defaultView);
  for (const each of views) for (const type of TAKEN_EVENTS) each.addEventListener(type, take, true);
  view.addEventListener('scroll', reposition, true);
  view.addEventListener('resize', reposition);
  sayPointing();

  let stopped = false;
  function stop() {
    if (stopped) return;
    stopped = true;
    for (const each of views) for (const type of TAKEN_EVENTS) each.removeEventListener(type, take, true);
    view.removeEventListener('scroll', reposition, true);
    view.removeEventListener('resize', reposition);
    host.remove();
    phase = 'done';
    onClose(saved);
  }
  return { stop };
}
