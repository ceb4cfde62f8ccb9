// The signed-in session, read once and shared: who is signed in, where, and what they may manage.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { get, setCsrfToken } from './api';
import type { Session } from './types';

export const SESSION_KEY = ['session'] as const;

export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      const session = await get<Session>('/api/session');
      setCsrfToken(session.csrfToken);
      return session;
    },
    staleTime: 60_000,
  });
}

/** The session as a signed-in page sees it; those pages render only inside the signed-in shell. */
export function useSignedIn(): Session & Required<Pick<Session, 'person' | 'organization' | 'can' | 'roles'>> {
  const { data } = useSession();
  if (!data?.signedIn || !data.person || !data.organization || !data.can || !data.roles) throw new Error('This page needs a signed-in session.');
  return data as ReturnType<typeof useSignedIn>;
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
