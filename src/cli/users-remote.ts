// `trellis user … --server`: the same people commands, through a running Trellis's API with a token.
import { AppError } from '../domain/errors';
import type { Role, ScopeKind } from '../db/schema';
import type { invitedPerson, peoplePage, scopesAnswer } from '../server/people/schemas';
import type { Answer } from '../server/wire';
import { callServer, type Remote } from './remote';

type PeoplePage = Answer<typeof peoplePage>;
type PersonRow = PeoplePage['people'][number];

/** The scope a command names (`school:STATECODE`…), looked up among the ones the server offers. */
async function scopeOf(remote: Remote, scope: { kind: ScopeKind; ref: string }) {
  const scopes = await callServer<Answer<typeof scopesAnswer>>(remote, 'GET', '/api/scopes');
  const found = scopes[scope.kind].find((s) => s.code === scope.ref || s.id === scope.ref);
  if (!found)
    throw new AppError('not_found', `No ${scope.kind} "${scope.ref}" in this organization.`, [{ where: '--scope', message: `unknown ${scope.kind}` }]);
  return found;
}

/** Everyone in the organization, page by page. */
export async function remotePeople(remote: Remote): Promise<PersonRow[]> {
  const people: PersonRow[] = [];
  for (let page = 1; ; page++) {
    const answer = await callServer<PeoplePage>(remote, 'GET', `/api/people?page=${page}&pageSize=100`);
    people.push(...answer.people);
    if (people.length >= answer.total || answer.people.length === 0) return people;
  }
}

async function personByEmail(remote: Remote, email: string): Promise<PersonRow> {
  const answer = await callServer<PeoplePage>(remote, 'GET', `/api/people?q=${encodeURIComponent(email)}&pageSize=100`);
  const person = answer.people.find((p) => p.email.toLowerCase() === email.trim().toLowerCase());
  if (!person) throw new AppError('not_found', `No person with the email ${email}.`);
  return person;
}

export async function remoteAdd(remote: Remote, person: { name: string; email: string; title?: string }, role: Role, scope: { kind: ScopeKind; ref: string }) {
  const at = await scopeOf(remote, scope);
  const made = await callServer<Answer<typeof invitedPerson>>(remote, 'POST', '/api/people', {
    ...person,
    grant: { role, scopeKind: scope.kind, scopeId: at.id },
  });
  return { ...made, scopeName: at.name, link: `${remote.url}${made.setPasswordPath}` };
}

export async function remoteGrant(remote: Remote, verb: 'grant' | 'revoke', email: string, role: Role, scope: { kind: ScopeKind; ref: string }) {
  const [person, at] = await Promise.all([personByEmail(remote, email), scopeOf(remote, scope)]);
  if (verb === 'grant') {
    await callServer(remote, 'POST', `/api/people/${person.id}/memberships`, { role, scopeKind: scope.kind, scopeId: at.id });
    return at.name;
  }
  const m = person.memberships.find((x) => x.role === role && x.scopeKind === scope.kind && x.scopeId === at.id);
  if (!m) throw new AppError('not_found', `${email} does not have ${role} at ${scope.kind} ${at.name}.`);
  await callServer(remote, 'DELETE', `/api/people/${person.id}/memberships/${m.id}`);
  return at.name;
}
