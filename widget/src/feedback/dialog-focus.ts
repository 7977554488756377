import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

/** The focus of the dialog given the returned ref: first field at each `step`, trapped, restored; Escape closes. */
export function useModalFocus(onClose: () => void, step: string | undefined): RefObject<HTMLDivElement> {
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  // Read during the first render, before any effect moves focus into the dialog.
  const previousRef = useRef<Element | null | undefined>(undefined);
  if (previousRef.current === undefined)
    previousRef.current = typeof document === 'undefined' ? null : document.activeElement;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `step` is the trigger: a new step's content gets focus.
  useEffect(() => {
    if (ref.current) focusFirstField(ref.current);
  }, [step]);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const root = dialog.getRootNode() as ShadowRoot | Document;
    const previous = previousRef.current as HTMLElement | null;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') closeRef.current();
      else if (event.key === 'Tab') trapTab(event, dialog, root);
    };
    // On the document, not the dialog: while a step changes, focus can sit on the body for a frame, and a modal
    // must still close on Escape and pull Tab back inside.
    const doc = dialog.ownerDocument;
    doc.addEventListener('keydown', onKeyDown, true);
    return () => {
      doc.removeEventListener('keydown', onKeyDown, true);
      if (previous && previous !== doc.body && previous.isConnected) previous.focus();
    };
  }, []);
  return ref;
}

/** The first field of the content, not the close button, unless there is nothing else. */
function focusFirstField(dialog: HTMLElement): void {
  const focusables = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first =
    dialog.querySelector<HTMLElement>('[data-autofocus]') ??
    focusables.find((element) => !element.classList.contains('close')) ??
    focusables[0];
  first?.focus();
}

/** Wraps Tab from the last stop to the first (Shift+Tab: first to last), and pulls a Tab from outside back in. */
function trapTab(event: KeyboardEvent, dialog: HTMLElement, root: ShadowRoot | Document): void {
  const focusables = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (element) => !isUncheckedRadio(element),
  );
  if (!focusables.length) return;
  const active = root.activeElement;
  const firstItem = focusables[0]!;
  const lastItem = focusables[focusables.length - 1]!;
  if (event.shiftKey && (active === firstItem || !dialog.contains(active))) {
    event.preventDefault();
    lastItem.focus();
  } else if (!event.shiftKey && (active === lastItem || !dialog.contains(active))) {
    event.preventDefault();
    firstItem.focus();
  }
}

/** In a radio group only the checked radio (or the first, when none is) is a Tab stop. */
function isUncheckedRadio(element: HTMLElement): boolean {
  if (!(element instanceof HTMLInputElement) || element.type !== 'radio' || element.checked) return false;
  const group = element.form ? element.form.elements.namedItem(element.name) : null;
  const radios = group instanceof RadioNodeList ? ([...group] as HTMLInputElement[]) : [];
  const anyChecked = radios.some((radio) => radio.checked);
  return anyChecked || radios[0] !== element;
}
