import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

const FOCUSABLE =
  'button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

/** Props of the modal dialog every feedback view renders in. */
export interface DialogProps {
  title: string;
  closeLabel: string;
  onClose: () => void;
  /** Change it when the content is replaced (a next step) to move focus to the new content's first field. */
  step?: string;
  children: ComponentChildren;
}

/**
 * A modal dialog: `role="dialog"`, `aria-modal`, labelled by its title; focus moves into it on open, Tab and
 * Shift+Tab cycle inside it (focus trap), Escape closes it, and focus returns to where it was when it closes.
 */
export function Dialog({ title, closeLabel, onClose, step, children }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  // Read during the first render, before any effect moves focus into the dialog.
  const previousRef = useRef<Element | null | undefined>(undefined);
  if (previousRef.current === undefined)
    previousRef.current = typeof document === 'undefined' ? null : document.activeElement;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `step` is the trigger: a new step's content gets focus.
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // The first field of the content, not the close button, unless there is nothing else.
    const focusables = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ??
      focusables.find((element) => !element.classList.contains('close')) ??
      focusables[0];
    first?.focus();
  }, [step]);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const root = dialog.getRootNode() as ShadowRoot | Document;
    const previous = previousRef.current as HTMLElement | null;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        closeRef.current();
        return;
      }
      if (event.key !== 'Tab') return;
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
    };
    // On the document, not the dialog: while a step changes, focus can sit on the body for a frame, and a modal
    // must still close on Escape and pull Tab back inside.
    const doc = dialog.ownerDocument;
    doc.addEventListener('keydown', onKeyDown, true);
    return () => {
      doc.removeEventListener('keydown', onKeyDown, true);
      if (previous && previous !== dialog.ownerDocument.body && previous.isConnected) previous.focus();
    };
  }, []);
  const titleId = `ci-title-${title.length}`;
  return (
    <div class="backdrop">
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={ref}>
        <div class="head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" class="close" aria-label={closeLabel} onClick={onClose}>
            ×
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}

/** In a radio group only the checked radio (or the first, when none is) is a Tab stop. */
function isUncheckedRadio(element: HTMLElement): boolean {
  if (!(element instanceof HTMLInputElement) || element.type !== 'radio' || element.checked) return false;
  const group = element.form ? element.form.elements.namedItem(element.name) : null;
  const radios = group instanceof RadioNodeList ? ([...group] as HTMLInputElement[]) : [];
  const anyChecked = radios.some((radio) => radio.checked);
  return anyChecked || radios[0] !== element;
}

/** The one action left after something was sent: close, focused so Enter or Escape ends the dialog. */
export function CloseAction({ label, onClose }: { label: string; onClose: () => void }) {
  return (
    <div class="actions">
      <button type="button" class="primary" data-autofocus onClick={onClose}>
        {label}
      </button>
    </div>
  );
}
