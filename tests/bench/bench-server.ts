import { readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

/** What the sink has received since its last reset: everything an SDK sent, headers included. */
export interface SinkCounts {
  requests: number;
  /** Request line, headers and body, as they crossed the wire (bodies as sent: compressed when the SDK compressed). */
  bytes: number;
  bodyBytes: number;
  /** Requests and bytes per path, so a reader can see what each SDK talks to. */
  byPath: Record<string, { requests: number; bytes: number }>;
}

/** The bench's one HTTP server on 127.0.0.1: the bench pages, the SDK scripts, and a sink that counts what SDKs send. */
export interface BenchServer {
  origin: string;
  sink: SinkCounts;
  /** Bytes of SDK script served (`/sdk/…`) since the last reset: what the page downloaded for the SDK. */
  sdkScripts: Map<string, number>;
  reset(): void;
  close(): Promise<void>;
}

/** Where the server finds what it serves. */
export interface BenchServerOptions {
  /** The built `dist/public`: `insights.js`, `insights/*.js`, `demo/*`. */
  publicDir: string;
  /** The bundled peer SDKs, served as `/sdk/peers/<name>.js`. */
  peerDir: string;
  /** The bench page's HTML per scenario, served for every `/demo/…` route with `?sdk=<scenario>`. */
  pages: Record<string, string>;
  /** The capture-cost page, served cross-origin isolated so `performance.now()` has 5 µs resolution, not 100 µs. */
  capturePage: string;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.html': 'text/html',
  '.json': 'application/json',
};

/** The file under `root` that a URL path names, or undefined when it escapes `root` or does not exist. */
function fileUnder(root: string, relativePath: string): string | undefined {
  const path = normalize(join(root, relativePath));
  return path.startsWith(root) && existsSync(path) ? path : undefined;
}

/** Answers an SDK's request the way its own backend would, closely enough that it carries on normally. */
function sinkAnswer(path: string, events: number): { status: number; body: string } {
  if (path.startsWith('/fail/')) return { status: 503, body: '{"error":"the bench keeps events in the outbox"}' };
  if (path.endsWith('/analytics/events'))
    return { status: 200, body: JSON.stringify({ accepted: events, duplicates: 0 }) };
  if (path.includes('/api/features/')) return { status: 200, body: '{"features":{}}' };
  return { status: 200, body: '{}' };
}

/** Writes a whole response; nothing the bench serves may be cached from one run to the next. */
function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
  response.end(body);
}

/** Serves the file under `root` that a path names, or a 404; adds an SDK script's bytes to `counted`. */
function serveFile(
  response: ServerResponse,
  root: string,
  relativePath: string,
  counted?: { sdkScripts: Map<string, number>; count: string },
): void {
  const file = fileUnder(root, relativePath);
  if (!file) {
    send(response, 404, 'text/plain', 'not built');
    return;
  }
  const body = readFileSync(file);
  if (counted) counted.sdkScripts.set(counted.count, (counted.sdkScripts.get(counted.count) ?? 0) + body.length);
  send(response, 200, TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream', body);
}

/**
 * Serves a GET for the bench's own pages and what they load (SDK scripts, the demo's files), counting SDK script
 * bytes; says whether the path was one of them.
 */
function serveBenchPage(
  response: ServerResponse,
  url: URL,
  options: BenchServerOptions,
  sdkScripts: Map<string, number>,
): boolean {
  const path = url.pathname;
  if (path === '/blank') send(response, 200, 'text/html', '<!doctype html><title>blank</title>');
  else if (path === '/capture/')
    send(response, 200, 'text/html', options.capturePage, {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
  else if (path.startsWith('/sdk/peers/'))
    serveFile(response, options.peerDir, path.slice('/sdk/peers/'.length), { sdkScripts, count: path });
  else if (path.startsWith('/sdk/'))
    serveFile(response, options.publicDir, path.slice('/sdk/'.length), { sdkScripts, count: path });
  else if (path.startsWith('/demo/') && path.includes('.'))
    serveFile(response, join(options.publicDir, 'demo'), path.slice('/demo/'.length));
  else if (path === '/demo' || path.startsWith('/demo/')) {
    const html = options.pages[url.searchParams.get('sdk') ?? 'none'];
    if (html) send(response, 200, 'text/html', html);
    else send(response, 404, 'text/plain', 'unknown bench scenario');
  } else return false;
  return true;
}

/**
 * Answers what a page asks besides the SDKs' own sends: the demo's back end, the favicon and CORS preflights. They
 * are part of the page, not of any SDK, so the sink does not count them. Says whether the request was one of them.
 */
function serveUncounted(request: IncomingMessage, path: string, response: ServerResponse): boolean {
  if (path.startsWith('/demo-api/')) send(response, 200, 'application/json', '{}');
  else if (path === '/favicon.ico') send(response, 404, 'text/plain', '');
  else if (request.method === 'OPTIONS')
    send(response, 204, 'text/plain', '', {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Headers': '*',
      'Access-Control-Allow-Methods': 'GET, POST',
    });
  else return false;
  return true;
}

/** Adds a request an SDK sent to the sink's counts: its request line, headers and body as they crossed the wire. */
function countInSink(sink: SinkCounts, request: IncomingMessage, path: string, body: Buffer): void {
  const headerBytes = request.rawHeaders.reduce((total, part) => total + Buffer.byteLength(part) + 2, 0);
  sink.requests += 1;
  sink.bodyBytes += body.length;
  const bytes = Buffer.byteLength(`${request.method} ${request.url} HTTP/1.1\r\n`) + headerBytes + 2 + body.length;
  sink.bytes += bytes;
  const key = `${request.method} ${path}`;
  const perPath = sink.byPath[key] ?? { requests: 0, bytes: 0 };
  sink.byPath[key] = perPath;
  perPath.requests += 1;
  perPath.bytes += bytes;
}

/** Listens on a free port of 127.0.0.1 and resolves with the server's origin. */
function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

/** Starts the bench server on a free port of 127.0.0.1. */
export async function startBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  const sink: SinkCounts = { requests: 0, bytes: 0, bodyBytes: 0, byPath: {} };
  const sdkScripts = new Map<string, number>();
  const handle = (request: IncomingMessage, response: ServerResponse, body: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method === 'GET' && serveBenchPage(response, url, options, sdkScripts)) return;
    if (serveUncounted(request, url.pathname, response)) return;
    countInSink(sink, request, url.pathname, body);
    const answer = sinkAnswer(url.pathname, (body.toString('utf8').match(/"id":/g) ?? []).length);
    send(response, answer.status, 'application/json', answer.body, { 'Access-Control-Allow-Origin': '*' });
  };
  const server = createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => handle(request, response, Buffer.concat(parts)));
  });
  return {
    origin: await listen(server),
    sink,
    sdkScripts,
    reset() {
      sink.requests = 0;
      sink.bytes = 0;
      sink.bodyBytes = 0;
      sink.byPath = {};
      sdkScripts.clear();
    },
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
