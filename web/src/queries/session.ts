// The session endpoints: signing in and out, the current session, passwords, set-password links, setup and tokens.
import type { z } from 'zod';
import type {
  linkPerson,
  madeToken,
  passwordChange,
  passwordChanged,
  revokedToken,
  sessionAnswer,
  setupBody,
  signedInAnswer,
  signedOutAnswer,
  signInBody,
  tokenList,
} from '../../../src/server/session/schemas';
import type { Answer } from '../../../src/server/wire';
import { api, get } from '../api';

export type Session = Answer<typeof sessionAnswer>;
export type SignedInSession = Extract<Session, { signedIn: true }>;
type SignedIn = Answer<typeof signedInAnswer>;
export type LinkPerson = Answer<typeof linkPerson>;
export type TokenList = Answer<typeof tokenList>;
export type MadeToken = Answer<typeof madeToken>;

/** The key of the session: everything else is forgotten when it changes. */
export const sessionKey = ['session'] as const;
export const sessionQuery = () => ({ queryKey: sessionKey, queryFn: () => get<Session>('/api/session') });

export const signIn = (body: z.input<typeof signInBody>) => api<SignedIn>('POST', '/api/session', body);
export const signOut = () => api<Answer<typeof signedOutAnswer>>('DELETE', '/api/session');
export const setUp = (body: z.input<typeof setupBody>) => api<SignedIn>('POST', '/api/setup', body);
export const changePassword = (body: z.input<typeof passwordChange>) => api<Answer<typeof passwordChanged>>('POST', '/api/session/password', body);

/** Exchanges a set-password link's token for a short-lived cookie; without a token, reads the link this browser opened. */
export const openPasswordLink = (token: string) =>
  token ? api<LinkPerson>('POST', '/api/password-links/open', { token }) : get<LinkPerson>('/api/password-links/opened');
/** Sets the password of the opened link and signs its person in. */
export const setLinkPassword = (password: string) => api<SignedIn>('POST', '/api/password-links/password', { password });

export const tokensKey = ['tokens'] as const;
export const tokenListQuery = () => ({ queryKey: tokensKey, queryFn: () => get<TokenList>('/api/tokens') });
export const makeToken = (name: string, days: number) => api<MadeToken>('POST', '/api/tokens', { name, days });
export const revokeToken = (id: string) => api<Answer<typeof revokedToken>>('DELETE', `/api/tokens/${id}`);
