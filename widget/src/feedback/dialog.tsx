import type { ComponentChildren } from 'preact';
import { useModalFocus } from './dialog-focus.ts';

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
  const ref = useModalFocus(onClose, step);
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
