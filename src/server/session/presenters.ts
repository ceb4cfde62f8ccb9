// Turns session, token and organization rows into the answers the session routes declare.
import type { z } from 'zod';
import { hasAnywhere, ROLE_PERMISSIONS } from '../../domain/access';
import type { Principal } from '../access';
import type { sessionAnswer, tokenList } from './schemas';

type TokenRecord = { id: string; name: string; created_at: Date; last_used_at: Date | null; expires_at: Date };

export const presentToken = (t: TokenRecord): z.input<typeof tokenList>['tokens'][number] => ({
  id: t.id,
  name: t.name,
  createdAt: t.created_at,
  lastUsedAt: t.last_used_at,
  expiresAt: t.expires_at,
});

/** Who is signed in, where, and what they may manage anywhere. */
export function presentSession(p: Principal, organization: { id: string; name: string; is_demo: boolean }): z.input<typeof sessionAnswer> {
  return {
    signedIn: true,
    setupNeeded: false,
    demo: organization.is_demo,
    csrfToken: p.session.csrfToken,
    person: { id: p.session.personId, name: p.session.name, email: p.session.email },
    organization: { id: organization.id, name: organization.name, isDemo: organization.is_demo },
    roles: [...new Set(p.grants.map((g) => g.role))],
    can: {
      managePeople: hasAnywhere(p.grants, 'manage_people'),
      readAudit: hasAnywhere(p.grants, 'read_audit'),
      importResults: hasAnywhere(p.grants, 'import_results'),
    },
    orgWide: p.grants.some((g) => g.scopeKind === 'organization' && ROLE_PERMISSIONS[g.role].includes('read')),
  };
}
