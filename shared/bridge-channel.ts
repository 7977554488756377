/**
 * The name every extension-bridge message carries. Kept apart from the bridge schemas so the widget's core can
 * recognise the extension without loading them.
 */
export const BRIDGE_CHANNEL = 'crm-insights';
