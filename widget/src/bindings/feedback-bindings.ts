import type { ClientState, Framework } from './framework.ts';

/**
 * Components that put the widget's own feedback UI where the app wants it: `FeedbackWidget` and
 * `FeatureRequestForm` render a button in the app's layout that opens the widget's form (its dialog, in its shadow
 * root, styled and translated as configured); `NPSSurvey` asks for an NPS answer when it mounts (only when the
 * survey schedule allows, unless `force`). Each renders nothing until the script tag's client is ready.
 */
export function createFeedbackBindings(framework: Framework, useClientState: () => ClientState) {
  const { createElement, useEffect } = framework;
  const button = (label: string, onClick: () => void, className?: string) =>
    createElement('button', { type: 'button', class: className, className, onClick }, label);

  const FeedbackWidget = ({
    label = 'Feedback',
    prompt,
    className,
  }: {
    label?: string;
    prompt?: string;
    className?: string;
  }) => {
    const { client } = useClientState();
    return client?.feedback ? button(label, () => void client.feedback!.open(prompt), className) : null;
  };
  const FeatureRequestForm = ({ label = 'Request a feature', className }: { label?: string; className?: string }) => {
    const { client } = useClientState();
    return client?.featureRequests ? button(label, () => void client.featureRequests!.open(), className) : null;
  };
  const NPSSurvey = ({ surveyId, force = false }: { surveyId?: string; force?: boolean }) => {
    const { client } = useClientState();
    useEffect(() => {
      const nps = client?.nps as { show(surveyId?: string): unknown; check?(): unknown } | undefined;
      if (!nps) return;
      void (force || !nps.check ? nps.show(surveyId) : nps.check());
    }, [client, surveyId, force]);
    return null;
  };
  return { FeedbackWidget, FeatureRequestForm, NPSSurvey };
}
