import { Hono } from 'hono';
import * as v from 'valibot';
import { parseOr400 } from '../analytics/query-schemas.ts';
import { requireReader } from '../auth.ts';
import { requireFlagCaller } from '../flags/flags-context.ts';
import type { FlagRouteOptions } from '../flags/flags-context.ts';
import { HttpError } from '../http-errors.ts';
import { readJsonBody } from '../read-body.ts';
import { SOURCE_MAP_MAX_BYTES, sourceMapProblem } from '../sourcemaps/source-map-problem.ts';
import { createSourceMapRepository } from '../sourcemaps/source-map-repository.ts';
import type { Symbolicator } from '../sourcemaps/symbolicator.ts';

/** One upload's limit: a large app's maps, sent gzipped. */
const UPLOAD_BYTES = 64 * 1024 * 1024;

/** A release name as uploads and listings take it. */
export const Release = v.pipe(v.string(), v.regex(/^[\w.@+:-]{1,200}$/, 'must be 1-200 letters, digits or ._@+:-'));
/** `POST /sourcemaps` body. */
export const UploadSchema = v.object({
  release: Release,
  files: v.pipe(
    v.array(
      v.object({
        name: v.pipe(
          v.string(),
          v.regex(
            /^[\w.@+-]{1,200}$/,
            'must be the minified file name as the browser loads it, e.g. app-3f9a.js (no folders)',
          ),
        ),
        map: v.pipe(v.string(), v.minLength(2, 'must be the source map JSON text')),
      }),
    ),
    v.minLength(1, 'must list at least one map'),
    v.maxLength(500, 'at most 500 maps per upload'),
  ),
});

interface SourceMapRouteOptions extends FlagRouteOptions {
  symbolicator: Symbolicator;
}

/**
 * `POST /sourcemaps` (staff token): `{ release, files: [{ name, map }] }`, each minified file's map under its file
 * name; error frames of that release are resolved with them from then on. `GET /sourcemaps?release=R` (read key
 * or staff) lists what is stored.
 */
export function sourceMapRoutes(options: SourceMapRouteOptions): Hono {
  const routes = new Hono();
  const repository = createSourceMapRepository(options.storage.db);
  const now = options.now ?? Date.now;

  routes.post('/sourcemaps', async (context) => {
    requireFlagCaller(context, options, ['staff']);
    const upload = parseOr400(UploadSchema, await readJsonBody(context, UPLOAD_BYTES), 'source map upload');
    for (const file of upload.files) {
      const bytes = Buffer.byteLength(file.map);
      if (bytes > SOURCE_MAP_MAX_BYTES)
        throw new HttpError(
          413,
          `files[${file.name}] is a source map of ${bytes} bytes, over the ${SOURCE_MAP_MAX_BYTES} bytes (16 MiB) one map may have: split that chunk into smaller ones`,
        );
      const problem = sourceMapProblem(file.map);
      if (problem) throw new HttpError(400, `files[${file.name}] is not a source map (version 3 JSON): ${problem}`);
    }
    for (const file of upload.files) await repository.put(upload.release, file.name, file.map, now());
    options.symbolicator.forget(upload.release);
    return context.json({ release: upload.release, stored: upload.files.map((file) => file.name) }, 201);
  });

  routes.get('/sourcemaps', async (context) => {
    requireReader(context, options);
    const release = parseOr400(v.object({ release: Release }), context.req.query(), 'source map listing').release;
    return context.json({ release, maps: await repository.list(release) });
  });

  return routes;
}
