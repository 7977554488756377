export { crmInsightsServerProvider } from './server-provider.ts';
export type { ServerProvider, ServerProviderOptions } from './server-provider.ts';
export { crmInsightsWebProvider } from './web-provider.ts';
export type { ProviderClient } from './web-provider.ts';
export { attributesOf, toResolution } from './resolution.ts';
