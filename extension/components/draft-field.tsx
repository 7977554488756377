import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * A text field that keeps what staff type: the value from the page (`committed`) replaces the text only while the
 * field is neither focused nor edited, so a refresh never re-renders under the cursor. `onCommit` runs on Enter
 * (Ctrl+Enter in a textarea) and on leaving the field with changes; a commit that fails keeps the draft.
 */
export function DraftField(props: {
  committed: string;
  onCommit: (text: string) => boolean | Promise<boolean>;
  label: string;
  placeholder?: string;
  multiline?: boolean;
  testId?: string;
}) {
  const [draft, setDraft] = useState(props.committed);
  const dirty = useRef(false);
  const focused = useRef(false);
  useEffect(() => {
    if (!dirty.current && !focused.current) setDraft(props.committed);
  }, [props.committed]);
  const commit = async () => {
    if (!dirty.current) return;
    if (await props.onCommit(draft)) dirty.current = false;
  };
  const common = {
    'aria-label': props.label,
    'data-testid': props.testId,
    placeholder: props.placeholder,
    value: draft,
    onFocus: () => (focused.current = true),
    onBlur: () => {
      focused.current = false;
      void commit();
    },
    onInput: (event: Event) => {
      dirty.current = true;
      setDraft((event.target as HTMLInputElement).value);
    },
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key === 'Enter' && (!props.multiline || event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void commit();
      }
      if (event.key === 'Escape') {
        dirty.current = false;
        setDraft(props.committed);
      }
    },
  };
  return props.multiline ? <textarea rows={3} {...common} /> : <input {...common} />;
}
