/**
 * The console by keyboard alone: Tab to a control by the name a person reads (`tabTo`), and a sweep
 * that Tabs through a whole screen and names every visible control the keyboard never reached or
 * reached without a focus one can see (`sweepByTab`). Everything that runs in the page is a string:
 * the tests compile without the DOM's types.
 */
import type { Locator, Page } from 'playwright-core';

/** More Tab presses than any screen needs to reach its control; past this the control is unreachable. */
const MAX_TABS = 60;

/** What has the focus now: its role-ish tag, its accessible text, and whether the focus is drawn. */
export interface Focused {
  tag: string;
  text: string;
  visible: boolean;
}

/**
 * Whether an element's focus is drawn: its own outline or shadow, or — for an input hidden behind
 * its label (a segmented control's radio) — its label's, which is what a person sees.
 */
const FOCUS_DRAWN = `(el) => {
  const drawn = (node) => {
    const style = getComputedStyle(node);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  };
  const box = el.getBoundingClientRect();
  const hidden = box.width <= 1 || box.height <= 1;
  const label = el.labels && el.labels[0] ? el.labels[0] : null;
  return el.matches(':focus-visible') && (drawn(el) || (hidden && label !== null && drawn(label)));
}`;

/** Evaluated in the page: the focused element, its name, and whether its focus can be seen. */
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (el === null || el === document.body) return { tag: 'body', text: '', visible: false };
  const label = el.getAttribute('aria-label') ?? (el.labels && el.labels[0] ? el.labels[0].textContent : null);
  return { tag: el.tagName.toLowerCase(), text: (label ?? el.textContent ?? '').trim(), visible: (${FOCUS_DRAWN})(el) };
})()`;

/** The focused element now, as {@link tabTo} reads it (a test checks where the focus returned). */
export async function focused(page: Page): Promise<Focused> {
  return (await page.evaluate(FOCUSED)) as Focused;
}

/**
 * Presses Tab until the focused element's text matches `name`; fails if it never does or its focus
 * is not drawn. Answers how many presses it took.
 */
export async function tabTo(page: Page, name: RegExp): Promise<number> {
  const seen: string[] = [];
  for (let presses = 0; presses < MAX_TABS; presses += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (name.test(now.text)) {
      expect({ element: now.text, focusDrawn: now.visible }).toEqual({
        element: now.text,
        focusDrawn: true,
      });
      return presses + 1;
    }
    seen.push(`${now.tag}:${now.text.slice(0, 30)}`);
  }
  throw new Error(`${String(name)} not reached in ${MAX_TABS} Tab presses; focus went ${seen.join(' → ')}`);
}

/** What a sweep of one screen found; every list empty means the keyboard reaches it all, visibly. */
export interface Sweep {
  /** Visible controls that no Tab press reached (nor their widget, label or control inside). */
  unreached: string[];
  /** Controls reached whose focus could not be seen: not drawn, or off the screen. */
  undrawn: string[];
  /** Widgets with roving focus (a radio group, tabs, a tree) whose arrow keys did not move inside. */
  stuckWidgets: string[];
  /** How many controls the screen shows, and how many Tab presses went round it. */
  controls: number;
  presses: number;
  /** Whether Tab came back to its first stop: never coming back is a trap the keyboard cannot leave. */
  cameBackRound: boolean;
}

/** Widgets that hold one Tab stop and move among their items by the arrow keys (roving focus). */
const ROVING =
  '[role=tree], [role=tablist], [role=menu], [role=menubar], [role=radiogroup], [role=listbox], [role=grid]';

/**
 * Marks, in the page, every visible control a person could use: what the platform makes
 * interactive, what a role says is, and the outermost element drawn with a pointer that is
 * neither (a clickable card). A control inside a roving-focus widget is represented by its widget.
 */
const MARK_CONTROLS = `(() => {
  const INTERACTIVE = 'button, a[href], input:not([type=hidden]), select, textarea, [role=button], [role=link], [role=tab], [role=checkbox], [role=radio], [role=menuitem], [role=treeitem], [role=option], [tabindex]:not([tabindex="-1"])';
  const ROVING = '${ROVING}';
  const shown = (el) => {
    // Hidden from assistive technology is not hidden from the mouse: a visible aria-hidden button
    // (a list box's clear button) is still a control the keyboard must reach. Inert is out of play.
    if (el.closest('[inert]') !== null) return false;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return false;
    return el.checkVisibility({ visibilityProperty: true, opacityProperty: false });
  };
  const describe = (el) => {
    const name = el.getAttribute('aria-label') ?? (el.labels && el.labels[0] ? el.labels[0].textContent : null)
      ?? el.getAttribute('placeholder') ?? el.getAttribute('title') ?? el.textContent ?? '';
    const role = el.getAttribute('role');
    return el.tagName.toLowerCase() + (role ? '[role=' + role + ']' : '') + ' "' + name.trim().replace(/\\s+/g, ' ').slice(0, 50) + '"';
  };
  // A dialog that holds the focus (a modal, a trapped popover): its controls are the screen's until it closes.
  const holder = document.activeElement === null ? null : document.activeElement.closest('[role=dialog]');
  const root = holder ?? document.querySelector('[role=dialog][aria-modal=true]') ?? document.body;
  // A button hidden from assistive technology beside a field (a number's up and down) is the
  // field's helper: reached when the field is and the field's arrow keys do the same.
  const fieldOf = (el) => {
    if (el.closest('[aria-hidden="true"]') === null) return null;
    let box = el.parentElement;
    for (let depth = 0; box !== null && depth < 4; depth += 1, box = box.parentElement) {
      const field = box.querySelector('input:not([type=hidden]), textarea');
      if (field !== null && field !== el) return field;
    }
    return null;
  };
  const controls = [];
  const steppers = new Map();
  for (const el of root.querySelectorAll('*')) {
    const interactive = el.matches(INTERACTIVE);
    const disabled = el.matches(':disabled') || el.getAttribute('aria-disabled') === 'true';
    if (interactive && !disabled) {
      const widget = el.closest(ROVING);
      // An input hidden behind its label (a segmented control's radio) is seen where its label is.
      const label = el.labels && el.labels[0] ? el.labels[0] : null;
      if (!shown(el) && (label === null || !shown(label))) continue;
      const field = fieldOf(el);
      if (field !== null) steppers.set(field, false);
      controls.push({ el, widget, field, description: describe(el) });
      continue;
    }
    if (interactive || el.closest(INTERACTIVE) !== null || !shown(el)) continue;
    if (getComputedStyle(el).cursor !== 'pointer') continue;
    if (el.parentElement !== null && getComputedStyle(el.parentElement).cursor === 'pointer') continue;
    const target = el instanceof HTMLLabelElement ? el.control : null;
    controls.push({ el, widget: target === null ? null : target.closest(ROVING), target, description: 'pointer ' + describe(el) });
  }
  window.__keyboardSweep = { controls, steppers, reached: new Set(), undrawn: new Map(), widgets: new Map(), sequence: [] };
  return controls.length;
})()`;

/** Records the focused element after a Tab press; answers whether focus has come back round. */
const RECORD_FOCUS = `(() => {
  const sweep = window.__keyboardSweep;
  const el = document.activeElement;
  if (el === null || el === document.body) return false;
  // Back at the first stop after others: round. Still on it after Tab: held there (unless alone).
  if (el === sweep.sequence[0]) return sweep.sequence.length > 1 || sweep.controls.length <= 1;
  if (sweep.sequence.includes(el)) return false;
  sweep.sequence.push(el);
  sweep.reached.add(el);
  // Tab scrolls what it focuses into view; what stays outside (a menu slid off a phone's screen) is not seen.
  const box = el.getBoundingClientRect();
  const onScreen = box.right > 0 && box.bottom > 0 && box.left < innerWidth && box.top < innerHeight;
  if (!onScreen) sweep.undrawn.set(el, 'off the screen');
  else if (!(${FOCUS_DRAWN})(el)) sweep.undrawn.set(el, 'no focus drawn');
  const widget = el.closest('${ROVING}');
  if (widget !== null && !sweep.widgets.has(widget)) sweep.widgets.set(widget, { from: el, moved: false });
  return false;
})()`;

/**
 * Focuses the item a Tab press reached in the n-th roving widget and answers which arrow moves
 * inside it ('' when there is no such widget). Run after the verdict on reachability: an arrow
 * may change what the screen shows (a segmented control switches its view).
 */
const PROBE_WIDGET = `((n) => {
  const entry = [...window.__keyboardSweep.widgets][n];
  if (entry === undefined) return '';
  const [widget, state] = entry;
  state.from.focus();
  const vertical = widget.matches('[role=tree], [role=menu], [role=listbox], [role=grid]') || widget.getAttribute('aria-orientation') === 'vertical';
  return vertical ? 'vertical' : 'horizontal';
})`;

/** After an arrow key in the n-th widget: did the focus move to another of its items? */
const ARROW_MOVED = `((n) => {
  const [widget, state] = [...window.__keyboardSweep.widgets][n];
  const el = document.activeElement;
  state.moved = el !== null && el !== state.from && widget.contains(el);
  return state.moved;
})`;

/** Focuses the n-th field with hidden helpers, if Tab reached it, and answers its value (null: not reached). */
const PROBE_STEPPER = `((n) => {
  const sweep = window.__keyboardSweep;
  const field = [...sweep.steppers.keys()][n];
  if (field === undefined || !sweep.reached.has(field)) return null;
  field.focus();
  return field.value;
})`;

/** After ArrowUp in the n-th such field: did its value change, as its hidden up button would? */
const STEPPED = `((n, before) => {
  const sweep = window.__keyboardSweep;
  const field = [...sweep.steppers.keys()][n];
  sweep.steppers.set(field, field.value !== before);
})`;

/** The roving widgets whose arrow keys did not move the focus. */
const STUCK_WIDGETS = `[...window.__keyboardSweep.widgets].filter(([, state]) => !state.moved)
  .map(([widget]) => widget.tagName.toLowerCase() + ' "' + (widget.getAttribute('aria-label') ?? widget.textContent ?? '').trim().slice(0, 50) + '"')`;

/** The sweep's verdict: which controls were reached (themselves, their widget, label's control or a part inside). */
const VERDICT = `(() => {
  const sweep = window.__keyboardSweep;
  const reached = [...sweep.reached];
  const hit = (node) => node !== null && reached.some((focused) => focused === node || node.contains(focused));
  const unreached = [];
  for (const control of sweep.controls) {
    const ok = hit(control.el) || (control.widget !== null && sweep.widgets.has(control.widget))
      || (control.target != null && hit(control.target)) || (control.field != null && sweep.steppers.get(control.field) === true);
    if (!ok) unreached.push(control.description);
  }
  const describe = (el) => el.tagName.toLowerCase() + ' "' + (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 50) + '"';
  const undrawn = [...sweep.undrawn].map(([el, why]) => describe(el) + ' (' + why + ')');
  return { unreached, undrawn, controls: sweep.controls.length, presses: sweep.sequence.length };
})()`;

/**
 * Tabs through the screen from the top until the focus comes back round (at most twice the
 * controls it shows, plus a margin); then tries ArrowUp in each field whose helper buttons are
 * hidden from the keyboard, and the arrows in each roving-focus widget it reached (each time
 * back again, so a language switch returns to where it was).
 */
export async function sweepByTab(page: Page): Promise<Sweep> {
  // Where the focus starts does not matter: the walk ends when it comes back to its first stop.
  const controls = (await page.evaluate(MARK_CONTROLS)) as number;
  const bound = 2 * controls + 20;
  let cameBackRound = false;
  for (let presses = 0; presses < bound && !cameBackRound; presses += 1) {
    await page.keyboard.press('Tab');
    cameBackRound = (await page.evaluate(RECORD_FOCUS)) as boolean;
  }
  const fields = (await page.evaluate('window.__keyboardSweep.steppers.size')) as number;
  for (let field = 0; field < fields; field += 1) {
    const before = (await page.evaluate(`(${PROBE_STEPPER})(${field})`)) as string | null;
    if (before === null) continue;
    await page.keyboard.press('ArrowUp');
    await page.evaluate(`(${STEPPED})(${field}, ${JSON.stringify(before)})`);
    await page.keyboard.press('ArrowDown');
    // Leaving the field closes whatever the arrows opened (a list box's options).
    await page.evaluate('document.activeElement?.blur()');
  }
  const reachability = (await page.evaluate(VERDICT)) as Omit<Sweep, 'stuckWidgets' | 'cameBackRound'>;
  for (let widget = 0; ; widget += 1) {
    const orientation = (await page.evaluate(`(${PROBE_WIDGET})(${widget})`)) as string;
    if (orientation === '') break;
    const [forth, back] = orientation === 'vertical' ? ['ArrowDown', 'ArrowUp'] : ['ArrowRight', 'ArrowLeft'];
    await page.keyboard.press(forth);
    await page.evaluate(`(${ARROW_MOVED})(${widget})`);
    await page.keyboard.press(back);
  }
  return { ...reachability, stuckWidgets: (await page.evaluate(STUCK_WIDGETS)) as string[], cameBackRound };
}

/** Whether a sweep found anything wrong. */
export function sweepFailed(sweep: Sweep): boolean {
  return sweep.unreached.length + sweep.undrawn.length + sweep.stuckWidgets.length > 0 || !sweep.cameBackRound;
}

/**
 * Opens a dialog from the keyboard (Tab to its opener, Enter), checks it takes the focus, sweeps
 * it, closes it with Escape and checks the focus went back to the opener. Answers the sweep's
 * failures under the opener's name (none: `{}`).
 */
export async function sweepDialogOpenedBy(page: Page, opener: RegExp, dialog: Locator): Promise<Record<string, Sweep>> {
  await tabTo(page, opener);
  await page.keyboard.press('Enter');
  await dialog.waitFor();
  // The focus moves into the dialog once it has opened: Tab walks its controls, not the page behind.
  await page
    .waitForFunction("document.activeElement?.closest('[role=dialog]') != null", undefined, { timeout: 5_000 })
    .catch(() => {
      throw new Error(`the dialog opened by ${String(opener)} did not take the focus`);
    });
  const sweep = await sweepByTab(page);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  expect((await focused(page)).text).toMatch(opener);
  return sweepFailed(sweep) ? { [String(opener)]: sweep } : {};
}
