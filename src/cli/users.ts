// `trellis user …`: add people, list them, grant and revoke roles from the command line.
import { type Command, InvalidArgumentError, Option } from 'commander';
import { config } from '../config';
import { ROLES, validScope } from '../domain/access';
import { AppError } from '../domain/errors';
import { SCOPE_KINDS } from '../domain/vocabulary';
import { atomic } from '../db/atomic';
import { createPerson, findPersonByEmail, grantRole, listPeople, resolveScope, revokeMembership } from '../db/repositories/people';
import { createPasswordLink, setPasswordPath } from '../db/repositories/sessions';
import type { Role, ScopeKind } from '../db/schema';
import { checkNewPassword, hashPassword } from '../server/passwords';
import { presentPeople } from '../server/people/presenters';
import { organizationOf, withDatabase } from './context';
import { remoteOf, serverOptions } from './remote';
import { remoteAdd, remoteGrant, remotePeople } from './users-remote';

export function parseScope(value: string): { kind: ScopeKind; ref: string } {
  const at = value.indexOf(':');
  const kind = value.slice(0, at) as ScopeKind;
  const ref = value.slice(at + 1);
  if (at < 0 || !SCOPE_KINDS.includes(kind) || !ref)
    throw new InvalidArgumentError(
      `expected KIND:CODE with KIND one of ${SCOPE_KINDS.join(', ')} (e.g. school:99001016000001, district:9900101, organization:demo)`,
    );
  return { kind, ref };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

const NO_ORGANIZATION = 'pass --new-organization NAME with --role org_admin to create it.';

const roleOption = () => new Option('--role <role>', 'role to grant').choices(ROLES).makeOptionMandatory();
const scopeOption = () =>
  new Option('--scope <KIND:CODE>', 'where the role applies: organization:SLUG, district:STATECODE, school:STATECODE, collaboration:NAME, team:ID')
    .argParser(parseScope)
    .makeOptionMandatory();

export function userCommands(program: Command) {
  const user = program.command('user').description('Manage people and their roles.');

  serverOptions(user.command('add'))
    .description('Add a person with a role. Reads the password from stdin with --password-stdin, otherwise prints a one-time set-password link.')
    .argument('<email>', 'their email address (their sign-in name)')
    .option('--name <name>', 'their full name (default: from the email)')
    .option('--title <title>', 'their job title')
    .addOption(roleOption())
    .addOption(scopeOption())
    .option('--org <slug>', 'the organization, when there are several')
    .option('--new-organization <name>', 'create the organization first (only on an empty database, with --role org_admin)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--url <url>', 'address of the app, for the printed link (default: $TRELLIS_URL or http://localhost:3000)')
    .action(
      async (
        email: string,
        o: {
          name?: string;
          title?: string;
          role: Role;
          scope: { kind: ScopeKind; ref: string };
          org?: string;
          newOrganization?: string;
          passwordStdin?: boolean;
          url?: string;
          server?: string;
          token?: string;
        },
      ) => {
        if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
          throw new AppError('invalid_input', `"${email}" is not an email address.`, [{ where: 'email', message: 'not an email address' }]);
        if (!validScope(o.role, o.scope.kind))
          throw new AppError('invalid_input', `The role ${o.role} cannot be granted at a ${o.scope.kind}.`, [
            { where: '--scope', message: `not allowed for ${o.role}` },
          ]);
        const remote = remoteOf(o);
        if (remote) {
          if (o.passwordStdin || o.newOrganization)
            throw new AppError(
              'invalid_input',
              'Through --server a person sets their own password from a one-time link, in an organization that exists: leave out --password-stdin and --new-organization.',
            );
          const made = await remoteAdd(remote, { name: o.name ?? nameFromEmail(email), email, ...(o.title ? { title: o.title } : {}) }, o.role, o.scope);
          console.log(`Added ${made.name} <${made.email}> as ${o.role} at ${o.scope.kind} ${made.scopeName}.`);
          return console.log(`They set their password at this one-time link (valid 72 hours): ${made.link}`);
        }
        const password = o.passwordStdin ? await readStdin() : null;
        if (password !== null) checkNewPassword(password, 'stdin');
        const hash = password !== null ? await hashPassword(password) : null;
        await withDatabase(program, async (database) => {
          const result = await atomic(database.db, async (trx) => {
            let orgId: string;
            if (o.newOrganization) {
              if (o.role !== 'org_admin') throw new AppError('invalid_input', 'A new organization starts with its org_admin: use --role org_admin.');
              const slug = o.scope.ref;
              const org = await trx.insertInto('organization').values({ name: o.newOrganization, slug }).returning('id').executeTakeFirstOrThrow();
              orgId = org.id;
            } else orgId = (await organizationOf({ ...database, db: trx }, o.org, NO_ORGANIZATION)).id;
            const scope = await resolveScope(trx, orgId, o.scope.kind, o.scope.ref);
            const person = await createPerson(trx, orgId, { name: o.name ?? nameFromEmail(email), email, title: o.title, passwordHash: hash }, null);
            await grantRole(trx, orgId, person.id, o.role, o.scope.kind, scope.id, null);
            const token = hash ? null : await createPasswordLink(trx, person.id, null);
            return { person, scope, token };
          });
          console.log(`Added ${result.person.name} <${result.person.email}> as ${o.role} at ${o.scope.kind} ${result.scope.name}.`);
          if (result.token)
            console.log(
              `They set their password at this one-time link (valid 72 hours): ${(o.url ?? config().TRELLIS_URL).replace(/\/$/, '')}${setPasswordPath(result.token)}`,
            );
        });
      },
    );

  serverOptions(
    user
      .command('list')
      .description('List people with their roles.')
      .option('--org <slug>', 'the organization, when there are several')
      .option('--json', 'print JSON'),
  ).action(async (o: { org?: string; json?: boolean; server?: string; token?: string }) => {
    const remote = remoteOf(o);
    const list = async (people: Awaited<ReturnType<typeof remotePeople>>) => {
      if (o.json) return console.log(JSON.stringify(people, null, 2));
      for (const p of people) {
        const roles = p.memberships.map((m) => `${m.role}@${m.scopeKind}:${m.scopeName}`).join('; ');
        console.log(`${p.email.padEnd(44)} ${p.name.padEnd(24)} ${roles || '(no role)'}${p.hasPassword ? '' : '  [no password yet]'}`);
      }
    };
    if (remote) return list(await remotePeople(remote));
    await withDatabase(program, async (database) => {
      const org = await organizationOf(database, o.org, NO_ORGANIZATION);
      // The same shape as through a server, so `--json` reads alike either way.
      await list(presentPeople(await listPeople(database.db, org.id)).people);
    });
  });

  for (const verb of ['grant', 'revoke'] as const) {
    serverOptions(
      user
        .command(verb)
        .description(verb === 'grant' ? 'Grant a role at a scope.' : 'Take a role at a scope away.')
        .argument('<email>')
        .addOption(roleOption())
        .addOption(scopeOption())
        .option('--org <slug>', 'the organization, when there are several'),
    ).action(async (email: string, o: { role: Role; scope: { kind: ScopeKind; ref: string }; org?: string; server?: string; token?: string }) => {
      const remote = remoteOf(o);
      if (remote) {
        const at = await remoteGrant(remote, verb, email, o.role, o.scope);
        return console.log(
          verb === 'grant' ? `Granted ${o.role} at ${o.scope.kind} ${at} to ${email}.` : `Revoked ${o.role} at ${o.scope.kind} ${at} from ${email}.`,
        );
      }
      await withDatabase(program, async (database) => {
        const org = await organizationOf(database, o.org, NO_ORGANIZATION);
        const person = await findPersonByEmail(database.db, email);
        if (!person || person.organization_id !== org.id) throw new AppError('not_found', `No person with the email ${email}.`);
        const scope = await resolveScope(database.db, org.id, o.scope.kind, o.scope.ref);
        if (verb === 'grant') {
          await grantRole(database.db, org.id, person.id, o.role, o.scope.kind, scope.id, null);
          console.log(`Granted ${o.role} at ${o.scope.kind} ${scope.name} to ${email}.`);
        } else {
          const m = await database.db
            .selectFrom('membership')
            .select('id')
            .where('person_id', '=', person.id)
            .where('role', '=', o.role)
            .where('scope_kind', '=', o.scope.kind)
            .where('scope_id', '=', scope.id)
            .executeTakeFirst();
          if (!m) throw new AppError('not_found', `${email} does not have ${o.role} at ${o.scope.kind} ${scope.name}.`);
          await revokeMembership(database.db, org.id, m.id, null);
          console.log(`Revoked ${o.role} at ${o.scope.kind} ${scope.name} from ${email}.`);
        }
      });
    });
  }
}

function nameFromEmail(email: string): string {
  return email
    .split('@')[0]!
    .split(/[._-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}
