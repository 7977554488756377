/** The CRM origins the extension works on when none are configured: a local demo. */
export const DEFAULT_CRM_ORIGINS = ['http://127.0.0.1/*', 'http://localhost/*'];

/**
 * Match patterns for the CRM origins, from a comma-separated list (the `CRM_ORIGINS` build variable), e.g.
 * `https://crm.example.com/*,https://staging.crm.example.com/*`. Host permissions and the content script are
 * limited to these.
 */
export function crmOrigins(list: string | undefined): string[] {
  const patterns = (list ?? '').split(',').map((pattern) => pattern.trim()).filter(Boolean);
  for (const pattern of patterns) {
    if (!/^(https?|\*):\/\/(\*|(\*\.)?[^/*]+)\/.*$/.test(pattern)) throw new Error(`CRM_ORIGINS: "${pattern}" is not a match pattern like https://crm.example.com/*`);
  }
  return patterns.length ? patterns : DEFAULT_CRM_ORIGINS;
}
