import { parseAllowList } from './outbound/address-policy.ts';
import { LOG_LEVELS } from './request-log.ts';

// Each reader takes one variable and throws a message naming it, so a bad setting stops the start with its fix.

/** A comma-separated list, trimmed, without empty items. */
export function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A whole number of 0 or more; `fallback` when unset. */
export function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return number;
}

/** A number of 0 or more (a price, a rate); 0 when unset. */
export function price(env: NodeJS.ProcessEnv, name: string): number {
  const value = env[name];
  if (value === undefined || value === '') return 0;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new Error(`${name} must be a non-negative number, got "${value}"`);
  return number;
}

/** `PORT`: 0 to 65535, default 8787. */
export function portSetting(value: string | undefined): number {
  const port = Number(value ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0-65535, got "${value}"`);
  return port;
}

/** `INSIGHTS_OUTBOUND_ALLOW`: a list of entries the outbound address policy accepts. */
export function outboundAllowSetting(value: string | undefined): string[] {
  const entries = list(value);
  try {
    parseAllowList(entries);
  } catch (error) {
    throw new Error(`INSIGHTS_OUTBOUND_ALLOW: ${(error as Error).message}`);
  }
  return entries;
}

/** `TRACKING_PLAN`: `crm` (the default, nothing set) or `off`. */
export function trackingPlanSetting(value: string | undefined): { trackingPlan?: false } {
  if (value === undefined || value === '' || value === 'crm') return {};
  if (value === 'off') return { trackingPlan: false };
  throw new Error(`TRACKING_PLAN must be "crm" (the default) or "off", got "${value}"`);
}

/** `TRUST_PROXY`: a number of proxies, `true` for one, `false` or nothing for none. */
export function trustedProxies(value: string | undefined): number {
  if (value === undefined || value === '' || value === 'false') return 0;
  if (value === 'true') return 1;
  if (!/^\d{1,2}$/.test(value))
    throw new Error(
      `TRUST_PROXY must be the number of proxies in front (0-99), "true" (one) or "false", got "${value}"`,
    );
  return Number(value);
}

/** `RATE_LIMIT_STORE`: `memory`, `database`, or unset. */
export function rateLimitStoreSetting(value: string | undefined): 'memory' | 'database' | undefined {
  if (value === undefined || value === '') return undefined;
  if (value !== 'memory' && value !== 'database')
    throw new Error(`RATE_LIMIT_STORE must be "memory" or "database", got "${value}"`);
  return value;
}

/** `LOG_LEVEL`: one of the logger's levels, default `info`. */
export function logLevelSetting(value: string | undefined): (typeof LOG_LEVELS)[number] {
  if (value === undefined || value === '') return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(value))
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  return value as (typeof LOG_LEVELS)[number];
}

/** A `host:port` variable (`name`); an IPv6 host may be bracketed. */
export function listenAddress(value: string | undefined, name: string): { host: string; port: number } | undefined {
  if (!value) return undefined;
  const match = /^(.+):(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (!match || port > 65535) throw new Error(`${name} must be host:port, e.g. 127.0.0.1:9464, got "${value}"`);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}
