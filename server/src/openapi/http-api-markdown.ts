import type { JsonSchema } from './json-schema.ts';
import type { OpenApiDocument } from './openapi-document.ts';
import { fieldsOf, schemaSummary } from './schema-summary.ts';

const INTRO = `# HTTP API

<!-- Generated from the OpenAPI document by \`npm run docs:api\`; edit the operations in server/src/openapi/, not this file. -->

The server describes itself: \`GET /api/openapi.json\` is an OpenAPI 3.1 document built from the same valibot schemas
the routes validate with, with a JSON Schema (2020-12) for every body and answer. Point any OpenAPI tool at it
(client generators, Postman, Swagger UI). This page is generated from it.

Every route is under \`/api\` (but \`/metrics\`), speaks JSON, and answers errors as
\`{ "error": "what is wrong", "items"?: [...] }\` with a 4xx status (never a 5xx for bad input). Keys travel as
\`Authorization: Bearer <key>\`; the write key may instead ride in the body as \`writeKey\`, for beacons.

Credentials: the **write key** is public and only ingests; the **read key** is secret and reads everything;
**staff tokens** (\`INSIGHTS_STAFF_TOKENS\`) read and change. The dashboard's **session cookie** (\`POST /api/session\`)
and a paired extension's session token work like the key they stand for ([dashboard](dashboard.md#signing-in-roles-and-sessions)).
No key: \`401 missing … key\`; another key: \`403 wrong … key\` (the write key on a read says so). Every route may answer
\`429\` with \`Retry-After\` (seconds) when a key and client exceed \`RATE_LIMIT_PER_MINUTE\`, and \`400\` for a URL
holding \`%00\`; every route that reads a body answers \`413\` over its limit and \`415\` for a \`Content-Encoding\` other
than \`gzip\`. These are listed once here, not under each route.

Times in queries (\`since\`, \`until\`, \`before\`) are epoch milliseconds or strict ISO 8601 (\`2026-01-31\`,
\`2026-01-31T09:30:00Z\`; anything else is \`400\`); ranges are \`[since, until)\`, at most 366 days for aggregations
(see [limits](security.md#limits)). People are counted by \`anonymousId\` (present on every event, before and after
sign-in).
`;

const CREDENTIALS: Record<string, string> = {
  writeKey: 'write key',
  readKey: 'read key',
  staffToken: 'staff token',
  sessionCookie: 'session',
  metricsToken: 'metrics token',
};

// Statuses the intro explains once for every route.
const COMMON_STATUSES = new Set(['401', '403', '413', '415', '429']);
const COMMON_400 = 'The URL holds a NUL character';

/** docs/http-api.md: the intro, then every operation by tag with its credentials, parameters, body and answers. */
export function httpApiMarkdown(document: OpenApiDocument): string {
  const sections = [INTRO];
  for (const { name, description } of document.tags as { name: string; description: string }[]) {
    sections.push(`## ${name}\n\n${description}\n`);
    for (const [path, item] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(item))
        if ((operation.tags as string[])[0] === name) sections.push(operationSection(method, path, operation));
  }
  return `${sections.join('\n').trimEnd()}\n`;
}

function operationSection(method: string, path: string, operation: JsonSchema): string {
  const security = (operation.security as Record<string, unknown>[]).flatMap(Object.keys);
  const who = security.length ? security.map((name) => CREDENTIALS[name] ?? name).join(', ') : 'no key';
  const lines = [`### \`${method.toUpperCase()} ${path}\` (${who})`, '', `${operation.summary}.`];
  if (operation.description) lines.push('', operation.description as string);
  const parameters = (operation.parameters ?? []) as JsonSchema[];
  if (parameters.length) {
    lines.push('', '| parameter | in | type | |', '| --- | --- | --- | --- |');
    for (const parameter of parameters)
      lines.push(
        `| \`${parameter.name}\`${parameter.required ? '' : '?'} | ${parameter.in} | ${cell(schemaSummary(parameter.schema as JsonSchema))} | ${cell((parameter.description as string) ?? '')} |`,
      );
  }
  const body = operation.requestBody as
    | { content: Record<string, { schema: JsonSchema }>; required: boolean }
    | undefined;
  if (body) {
    const { schema } = Object.values(body.content)[0]!;
    lines.push(
      '',
      `Body (${Object.keys(body.content)
        .map((name) => `\`${name}\``)
        .join(' or ')}${body.required ? '' : ', optional'}):`,
    );
    lines.push(...fieldTable(schema));
  }
  lines.push('', 'Answers:', '');
  for (const [status, response] of Object.entries(operation.responses as Record<string, JsonSchema>)) {
    const description = response.description as string;
    if (COMMON_STATUSES.has(status) && !isSpecific(operation, status)) continue;
    if (status === '400' && description.startsWith(COMMON_400)) continue;
    const schema = Object.values((response.content ?? {}) as Record<string, { schema?: JsonSchema }>)[0]?.schema;
    const fields = Number(status) < 400 && schema ? fieldsOf(schema).map((field) => `\`${field.name}\``) : [];
    lines.push(`- \`${status}\` ${description}${fields.length ? ` Fields: ${fields.join(', ')}.` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Whether a common status says something particular on this route (its description is not the generic one). */
function isSpecific(operation: JsonSchema, status: string): boolean {
  const description = (operation.responses as Record<string, { description: string }>)[status]!.description;
  return !/^(No credential was sent|A credential this route does not take|The body is over its size limit|A `Content-Encoding`|This key and client sent)/.test(
    description,
  );
}

function fieldTable(schema: JsonSchema): string[] {
  const fields = fieldsOf(schema);
  if (!fields.length) return [`\`${schemaSummary(schema)}\``];
  return [
    '',
    '| field | type | |',
    '| --- | --- | --- |',
    ...fields.map((field) => `| \`${field.name}\` | ${cell(field.type)} | ${cell(field.description)} |`),
  ];
}

function cell(text: string): string {
  return text.replace(/\n/g, ' ').replace(/(?<!\\)\|/g, '\\|');
}
