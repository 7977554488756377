/**
 * The override-token check, loaded only when an override actually arrives in production mode (a staff member
 * with the extension), so ordinary pages do not carry the WebCrypto verification code.
 */
export { verifyOverrideToken } from '../../../shared/override-token.ts';
