import { useState } from 'preact/hooks';
import type { FeedbackStrings } from './strings.ts';

/** Props of the form that adds a request; `onSubmit` resolves to whether the request was added. */
export interface NewFeatureRequestFormProps {
  strings: FeedbackStrings;
  busy: boolean;
  onSubmit: (title: string, description: string | undefined) => Promise<boolean>;
}

/** A title (three characters at least) and optional details; the fields clear once the request is added. */
export function NewFeatureRequestForm({ strings, busy, onSubmit }: NewFeatureRequestFormProps) {
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const submit = async () => {
    if (await onSubmit(title.trim(), description.trim() || undefined)) {
      setTitle('');
      setDescription('');
    }
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (title.trim().length >= 3) void submit();
      }}
    >
      <h3>{strings.featureNewTitle}</h3>
      <label class="field" for="ci-feature-title">
        {strings.featureTitleLabel}
      </label>
      <input
        id="ci-feature-title"
        type="text"
        required
        minLength={3}
        maxLength={200}
        value={title}
        onInput={(event) => setTitle(event.currentTarget.value)}
      />
      <label class="field" for="ci-feature-description">
        {strings.featureDescriptionLabel}
      </label>
      <textarea
        id="ci-feature-description"
        maxLength={8000}
        value={description}
        onInput={(event) => setDescription(event.currentTarget.value)}
      />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || title.trim().length < 3}>
          {busy ? strings.sending : strings.send}
        </button>
      </div>
    </form>
  );
}
