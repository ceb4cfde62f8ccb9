// The history page reads the audit log of one organization newest first, by who made a change and by date;
// these indexes keep a page of it quick however long the log grows.
export const auditIndexes = `
create index audit_org_id_idx on audit_log (organization_id, id desc);
create index audit_org_actor_idx on audit_log (organization_id, actor_id, id desc);
create index audit_org_at_idx on audit_log (organization_id, at);
`;
