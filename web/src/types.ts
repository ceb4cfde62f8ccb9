// The shapes of the API's answers, as the web app reads them (dates arrive as ISO strings).
import type { PartnershipPhase, Role, ScopeKind, SupportLevel, TeamKind } from '../../src/db/schema';

export type { PartnershipPhase, Role, ScopeKind, SupportLevel, TeamKind };

