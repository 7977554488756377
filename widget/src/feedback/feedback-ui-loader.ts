import type { Logger } from '../debug-log.ts';
import type { FeedbackChunk } from './feedback-api.ts';
import type { FeedbackUiOptions } from './feedback-ui.tsx';
import { showLoneButton } from './lone-button.ts';
import type { ShadowHost } from './shadow-host.ts';
import { FEEDBACK_BUTTON_LABEL } from './strings.ts';
import type { FeedbackUi, FeedbackUiHost } from './ui-host.ts';

/** What loading the feedback UI takes. */
export interface FeedbackUiLoaderDeps {
  /** Loads the feedback chunk (the core's loader: a chunk's own copy has no base URL). */
  loadUi: () => Promise<FeedbackChunk>;
  log: Logger;
  document: Document;
  host: FeedbackUiHost;
  /** The look of the UI as configured now (read at each use: `configure` may change it). */
  options: () => FeedbackUiOptions;
  /** The button the core showed before the feedback API loaded, if any. */
  button?: ShadowHost;
}

/**
 * Loads the feedback chunk once and mounts its UI the first time something must show; until then the button is
 * shown alone, which needs no chunk. A load that fails is logged and tried again at the next use.
 */
export function feedbackUiLoader(deps: FeedbackUiLoaderDeps) {
  let chunk: Promise<FeedbackChunk> | undefined;
  let ui: Promise<FeedbackUi> | undefined;
  /** The button, shown alone until the UI loads and takes its host over. */
  let loneButton = deps.button;
  const loadChunk = (): Promise<FeedbackChunk> => {
    chunk ??= deps.loadUi();
    chunk.catch((error: unknown) => {
      deps.log.warn('could not load the feedback chunk', error);
      chunk = undefined;
    });
    return chunk;
  };
  const mount = (loaded: FeedbackChunk) => {
    const takeOver = loneButton;
    loneButton = undefined;
    const { strings, theme, button } = deps.options();
    return loaded.mountFeedbackUi(deps.host, { strings, theme, button }, deps.document, takeOver);
  };
  const withUi = (action: (mounted: FeedbackUi) => void) => {
    ui ??= loadChunk().then(mount);
    ui.catch((error: unknown) => {
      deps.log.warn('could not load the feedback UI', error);
      ui = undefined;
    });
    // An action that throws (the chunk's own bug) is logged here, not left as the page's unhandled rejection.
    ui.then(action).catch((error: unknown) => deps.log.warn('the feedback UI failed', error));
  };
  const showButton = () => {
    loneButton?.remove();
    const { strings, theme, button } = deps.options();
    const label = strings?.feedbackButton;
    loneButton = button
      ? showLoneButton(
          typeof label === 'string' ? label : FEEDBACK_BUTTON_LABEL,
          theme,
          () => withUi((mounted) => mounted.openFeedback()),
          deps.document,
        )
      : undefined;
  };
  return {
    /** The feedback chunk, loaded once. */
    chunk: loadChunk,
    /** Runs `action` on the mounted UI, loading it first if need be. */
    withUi,
    /** Shows or hides the button as configured: on the mounted UI, or alone while nothing has loaded it. */
    updateButton() {
      if (ui) withUi((mounted) => mounted.setButton(Boolean(deps.options().button)));
      else showButton();
    },
  };
}
