import * as v from 'valibot';
import {
  PairBody,
  PairedAnswer,
  PairingCodeAnswer,
  SessionAnswer,
  SignedInAnswer,
  SignedOutAnswer,
  SignInBody,
} from '../../routes/session-responses.ts';
import type { Operation } from '../operation.ts';
import { errorResponse } from '../standard-responses.ts';

const SESSION_COOKIE_SET = {
  'Set-Cookie': 'The session cookie: HttpOnly, SameSite=Strict, Path=/api, Secure over HTTPS.',
};

/** Dashboard sign-in, extension pairing, and this document. */
export const ACCESS_OPERATIONS: Operation[] = [
  {
    method: 'POST',
    path: '/api/session',
    tag: 'Access',
    summary: 'Sign in to the dashboard',
    description: 'Exchanges the read key or a staff token for a 12-hour session cookie.',
    callers: ['public'],
    body: SignInBody,
    responses: {
      201: { description: 'Signed in.', schema: SignedInAnswer, headers: SESSION_COOKIE_SET },
      403: errorResponse('Neither the read key nor a staff token (the write key cannot sign in).'),
    },
  },
  {
    method: 'GET',
    path: '/api/session',
    tag: 'Access',
    summary: 'Who the session cookie signs in',
    description: '200 either way: "nobody" is an answer, not an error.',
    callers: ['public'],
    responses: { 200: { description: 'The session, or `{ signedIn: false }`.', schema: SessionAnswer } },
  },
  {
    method: 'DELETE',
    path: '/api/session',
    tag: 'Access',
    summary: 'Sign out',
    description: "Ends the cookie's session, or the bearer session token's (a paired extension signing out).",
    callers: ['public'],
    responses: { 200: { description: 'Signed out.', schema: SignedOutAnswer } },
  },
  {
    method: 'POST',
    path: '/api/extension/pairing',
    tag: 'Access',
    summary: 'Make a single-use pairing code for the extension',
    description: 'Valid for 5 minutes; the dashboard shows it (Operations → Connect the extension).',
    callers: ['staff'],
    responses: { 201: { description: 'The code.', schema: PairingCodeAnswer } },
  },
  {
    method: 'POST',
    path: '/api/extension/pair',
    tag: 'Access',
    summary: 'Trade a pairing code for a staff session token',
    description:
      'The extension then sends the token as `Authorization: Bearer <token>` for 12 hours, to the `endpoint` answered.',
    callers: ['public'],
    body: PairBody,
    responses: {
      201: { description: 'Paired.', schema: PairedAnswer },
      403: errorResponse('The code is wrong, expired or already used.'),
    },
  },
  {
    method: 'GET',
    path: '/api/openapi.json',
    tag: 'Access',
    summary: 'This document (OpenAPI 3.1)',
    description: 'Public and cacheable: it holds no secrets and changes only with the server version.',
    callers: ['public'],
    responses: {
      200: {
        description: 'The OpenAPI document.',
        schema: v.looseObject({
          openapi: v.literal('3.1.0'),
          info: v.record(v.string(), v.unknown()),
          paths: v.record(v.string(), v.unknown()),
        }),
        headers: { ETag: 'Changes with the document.', 'Cache-Control': 'public, max-age=300' },
      },
      304: { description: 'Unchanged since the ETag in `If-None-Match`.', contentType: null },
    },
  },
];
