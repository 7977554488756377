import { afterEach, expect, it } from 'vitest';
import type { FeedbackChunk } from './feedback-api.ts';
import { feedbackUiLoader } from './feedback-ui-loader.ts';
import type { FeedbackUi, FeedbackUiHost } from './ui-host.ts';

const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
process.on('unhandledRejection', onRejection);
afterEach(() => {
  rejections.length = 0;
});

it('logs an action on the mounted UI that throws, rather than leaving the page an unhandled rejection', async () => {
  const warnings: string[] = [];
  const mounted = {
    openFeedback: () => {
      throw new Error('broken dialog');
    },
  } as unknown as FeedbackUi;
  const loader = feedbackUiLoader({
    loadUi: async () => ({ mountFeedbackUi: () => mounted }) as unknown as FeedbackChunk,
    log: { warn: (message) => warnings.push(message) },
    document: {} as Document,
    host: {} as FeedbackUiHost,
    options: () => ({}),
  });
  loader.withUi((ui) => ui.openFeedback());
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(rejections).toEqual([]);
  expect(warnings).toEqual(['the feedback UI failed']);
  process.off('unhandledRejection', onRejection);
});
