import type { JsonSchema } from './json-schema.ts';

/** A JSON Schema in a few words for a table cell: `string`, `integer`, `"open" \| "resolved"`, `object[]`, `map of number`. */
export function schemaSummary(schema: JsonSchema | undefined): string {
  if (!schema) return 'any';
  if (typeof schema.$ref === 'string') return schema.$ref.split('/').pop()!;
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' \\| ');
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives) return [...new Set(alternatives.map(schemaSummary))].join(' \\| ');
  if (schema.type === 'array') return `${wrap(schemaSummary(schema.items as JsonSchema | undefined))}[]`;
  if (schema.type === 'object' && !schema.properties && typeof schema.additionalProperties === 'object')
    return `map of ${schemaSummary(schema.additionalProperties as JsonSchema)}`;
  return typeof schema.type === 'string' ? schema.type : 'any';
}

/** The top-level fields of an object schema: name (with `?` when optional), summary and description. */
export function fieldsOf(schema: JsonSchema | undefined): { name: string; type: string; description: string }[] {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema?.required ?? []) as string[];
  return Object.entries(properties).map(([name, property]) => ({
    name: required.includes(name) ? name : `${name}?`,
    type: schemaSummary(property),
    description: typeof property.description === 'string' ? property.description : '',
  }));
}

function wrap(summary: string): string {
  return summary.includes(' ') ? `(${summary})` : summary;
}
