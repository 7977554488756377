/**
 * Selectors of elements rrweb blocks: recorded only as an empty box of the same size, with no attributes, text
 * or value, and their input events ignored. Password, email, phone and hidden inputs are blocked rather than
 * masked so not even the length of what was typed leaves the page.
 */
const BLOCK_SELECTOR = [
  '[data-insights-block]',
  'input[type="password" i]',
  'input[type="email" i]',
  'input[type="tel" i]',
  'input[type="hidden" i]',
  'input[autocomplete^="cc-" i]',
].join(',');

/** Elements whose text (and their descendants' text) is recorded as asterisks. */
const MASK_TEXT_SELECTOR = '[data-insights-mask]';

/**
 * The rrweb record options that make replay private by default: every input masked, marked text masked, sensitive
 * inputs blocked, and nothing recorded that could carry page content outside the DOM (canvas, fonts, images).
 */
export const PRIVATE_RECORD_OPTIONS = {
  maskAllInputs: true,
  maskTextSelector: MASK_TEXT_SELECTOR,
  blockSelector: BLOCK_SELECTOR,
  // Scripts, comments and head metadata are of no use to a viewer and may hold tokens.
  slimDOMOptions: 'all',
  recordCanvas: false,
  collectFonts: false,
  inlineImages: false,
  inlineStylesheet: true,
} as const;
