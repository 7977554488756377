export { browserEnvironment } from './client.ts';
export { createClient } from './create-client.ts';
export type { ClientEnvironment, InspectableClient } from './client.ts';
export { startBridge } from './bridge.ts';
export { installStub } from './stub.ts';
export type { CapturePlugin, Client, ClientOptions, FlushResult, PluginClient } from './types.ts';
export type { EventInput } from './pipeline/event-input.ts';
export type { CapturedEvent } from '../../shared/events.ts';
export { loadChunk, setChunkBase } from './load-chunk.ts';
export type { Exposure, FlagsClient, FlagsOptions } from './flags/flags-client.ts';
export type { FlagDetail, FlagsConfig, JsonValue, Overrides } from '../../shared/flags/types.ts';
export { createBindings } from './bindings/create-bindings.ts';
export type { Framework, ExperimentBindings } from './bindings/create-bindings.ts';
export type { CaptureApi, CaptureErrorContext } from './capture/api.ts';
export type { CaptureOptions } from './capture/options.ts';
export { CRM_TRACKING_PLAN, checkEvent } from '../../shared/tracking-plan/index.ts';
export type {
  CrmEventName,
  PlannedTrack,
  PropsOf,
  TrackingPlan,
  UserTraits,
} from '../../shared/tracking-plan/index.ts';
export { startReplay } from './replay/controller.ts';
export type { ReplayController } from './replay/controller.ts';
export type { ReplayMode, ReplayOptions } from './replay/options.ts';
export type { CrmInsightsFeedback, CrmInsightsGlobal } from './window-global.ts';
