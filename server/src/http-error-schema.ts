import * as v from 'valibot';

/** The body of every 4xx and 5xx the API sends (`ErrorResponse` in shared/protocol.ts), as a schema for the API document. */
export const ErrorResponseSchema = v.object({
  error: v.pipe(v.string(), v.description('What is wrong, in words a developer can act on.')),
  items: v.optional(
    v.pipe(
      v.array(
        v.object({
          index: v.pipe(v.number(), v.integer()),
          id: v.optional(v.string()),
          message: v.string(),
        }),
      ),
      v.description('Ingest only: every rejected item of the batch, by its position (and id when it had one).'),
    ),
  ),
});
