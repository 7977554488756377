import type { Context, MiddlewareHandler } from 'hono';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve, sep } from 'node:path';
import { contentTypeOf } from './content-types.ts';
import { pickEncoding } from './pick-encoding.ts';
import type { Encoding } from './pick-encoding.ts';

/** How long browsers may keep an asset, by its URL path (`Cache-Control` value). */
export type CachePolicy = (path: string) => string;

const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

interface Asset {
  file: string;
  size: number;
  mtimeMs: number;
  etag: string;
  encodings: Encoding[];
  /** The file's source map, named in a `SourceMap` header rather than a comment that would cost every page bytes. */
  sourceMap?: string;
}

/**
 * Serves files under `publicDir` at their URL path: the build's brotli or gzip copy when the browser accepts it
 * (never compressing on the request), a strong ETag per representation with 304 answers, `Vary: Accept-Encoding`,
 * and the `Cache-Control` of `cachePolicy`. Paths that escape `publicDir` or name no file fall through to `next`.
 */
export function serveAssets(publicDir: string, cachePolicy: CachePolicy): MiddlewareHandler {
  const root = resolve(publicDir);
  const known = new Map<string, Asset>();
  return async (context, next) => {
    if (context.req.method !== 'GET' && context.req.method !== 'HEAD') return next();
    const path = safePath(context.req.path);
    const asset = path && (await describe(root, path, known));
    if (!asset) return next();
    const encoding = pickEncoding(context.req.header('accept-encoding'), asset.encodings);
    const etag = encoding ? `"${asset.etag}-${encoding}"` : `"${asset.etag}"`;
    const headers: Record<string, string> = {
      'Cache-Control': cachePolicy(path),
      ETag: etag,
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
    };
    if (asset.sourceMap) headers.SourceMap = asset.sourceMap;
    if (matches(context.req.header('if-none-match'), etag)) return context.body(null, 304, headers);
    const body = await readFile(encoding ? asset.file + SUFFIX[encoding] : asset.file);
    headers['Content-Type'] = contentTypeOf(asset.file);
    if (encoding) headers['Content-Encoding'] = encoding;
    headers['Content-Length'] = String(body.length);
    return respond(context, body, headers);
  };
}

function respond(context: Context, body: Buffer, headers: Record<string, string>): Response {
  if (context.req.method === 'HEAD') return context.body(null, 200, headers);
  return context.body(new Uint8Array(body), 200, headers);
}

/** The decoded URL path, or undefined when it could leave the folder (`..`, NUL, backslashes). */
function safePath(urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\') || path.split('/').some((segment) => segment === '..'))
    return undefined;
  return path;
}

/** The asset at `path` (cached until the file changes), or undefined when there is no such file. */
async function describe(root: string, path: string, known: Map<string, Asset>): Promise<Asset | undefined> {
  const file = resolve(root, `.${path}`);
  if (!file.startsWith(root + sep)) return undefined;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  const cached = known.get(file);
  if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached;
  const content = await readFile(file);
  const encodings: Encoding[] = [];
  for (const encoding of ['br', 'gzip'] as const) {
    const copy = await stat(file + SUFFIX[encoding]).catch(() => undefined);
    // A copy older than its source is from an earlier build: send the identity rather than stale bytes.
    if (copy?.isFile() && copy.mtimeMs >= info.mtimeMs) encodings.push(encoding);
  }
  const hasMap = file.endsWith('.js') && (await stat(`${file}.map`).catch(() => undefined))?.isFile();
  const etag = createHash('sha256').update(content).digest('base64url').slice(0, 22);
  const asset: Asset = {
    file,
    size: info.size,
    mtimeMs: info.mtimeMs,
    etag,
    encodings,
    ...(hasMap ? { sourceMap: `${basename(file)}.map` } : {}),
  };
  known.set(file, asset);
  return asset;
}

/** Whether `If-None-Match` names this ETag (a list, weak forms and `*` included). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return (
    ifNoneMatch.trim() === '*' ||
    ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === etag)
  );
}
