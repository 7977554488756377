import { toJsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';

/** A JSON Schema (2020-12) object as the document holds it. */
export type JsonSchema = Record<string, unknown>;

// Actions with no JSON Schema equivalent: they narrow or normalise a value (trim, upper-case, a custom check) but
// never change its type, so the schema without them still describes what is sent and answered.
const IGNORED_ACTIONS = ['trim', 'to_upper_case', 'check', 'finite'];

/**
 * Converts a valibot schema to JSON Schema 2020-12 as OpenAPI 3.1 takes it (no `$schema`), describing what a caller
 * sends (input type): a transform ends the part that can be described.
 */
export function jsonSchemaOf(schema: v.GenericSchema): JsonSchema {
  const { $schema: _dialect, ...converted } = toJsonSchema(schema, {
    target: 'draft-2020-12',
    typeMode: 'input',
    errorMode: 'throw',
    ignoreActions: IGNORED_ACTIONS,
  }) as JsonSchema;
  return converted;
}
