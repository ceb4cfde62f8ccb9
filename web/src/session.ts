// The signed-in session, read once and shared: who is signed in, where, and what they may manage.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { setCsrfToken } from './api';
import { sessionKey, sessionQuery, type SignedInSession } from './queries/session';

export const SESSION_KEY = sessionKey;

export function useSession() {
  const { queryKey, queryFn } = sessionQuery();
  return useQuery({
    queryKey,
    queryFn: async () => {
      const session = await queryFn();
      setCsrfToken(session.signedIn ? session.csrfToken : undefined);
      return session;
    },
    staleTime: 60_000,
  });
}

/** The session as a signed-in page sees it; those pages render only inside the signed-in shell. */
export function useSignedIn(): SignedInSession {
  const { data } = useSession();
  if (!data?.signedIn) throw new Error('This page needs a signed-in session.');
  return data;
}

/** After sign-in, sign-out or a password set: forget everything cached and read the session again. */
export function useSessionReset() {
  const client = useQueryClient();
  return async (csrfToken?: string) => {
    setCsrfToken(csrfToken);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    await client.invalidateQueries({ queryKey: SESSION_KEY });
  };
}
