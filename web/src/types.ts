// The domain's kinds as the web app names them; every API answer's type comes from the server's schemas (web/src/queries).
export type { PartnershipPhase, Role, ScopeKind, SupportLevel, TeamKind } from '../../src/domain/vocabulary';
