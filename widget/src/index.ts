export { createClient, browserEnvironment } from './client.ts';
export type { ClientEnvironment, InspectableClient } from './client.ts';
export { startBridge } from './bridge.ts';
export { installStub } from './stub.ts';
export type { Client, ClientOptions, Collector, FlushResult } from './types.ts';
export { loadChunk, setChunkBase } from './load-chunk.ts';
