// Frameworks and reviews through the API on both databases: drafts and publishing, reviewers, rating with version checks, evidence, finalize.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TrellisDatabase } from '../src/db/database';
import { statements } from '../src/db/migrate';
import { reviewIntegrity } from '../src/db/migrations/007_review_integrity';
import { allIndicators, type Framework } from '../src/domain/framework';
import { buildApp } from '../src/server/app';
import { describeEachDatabase, freshDatabase } from './support/databases';
import { buildFixture, signIn, type Agent, type Fixture } from './support/fixture';

describeEachDatabase('reviews API', (kind) => {
  let database: TrellisDatabase;
  let app: FastifyInstance;
  let f: Fixture;
  let admin: Agent;
  let leader: Agent;
  let coach: Agent;
  let framework: Framework;
  let keys: string[];

  beforeAll(async () => {
    database = await freshDatabase(kind);
    f = await buildFixture(database.db);
    app = await buildApp({ database, webDir: null, signInLimit: 1000 });
    admin = await signIn(app, f.people.org_admin!.email);
    leader = await signIn(app, f.people.school_leader!.email);
    coach = await signIn(app, f.people.coach!.email);
    framework = (await admin.request('GET', `/api/frameworks/${f.schoolFramework}`)).json.document;
    keys = allIndicators(framework).map((i) => i.key);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const auditEntry = (reviewId: string, action: string) =>
    database.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('object_id', '=', reviewId)
      .where('action', '=', action)
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
  const newReview = (over: Record<string, unknown> = {}) => ({
    frameworkId: f.schoolFramework,
    type: 'transformation_spring',
    title: 'Spring follow-up',
    schoolYear: 2025,
    startsOn: '2026-04-14',
    endsOn: '2026-04-15',
    participants: [{ name: 'Ana', role: 'Principal' }],
    focusIndicators: keys.slice(0, 2),
    ...over,
  });

  it('lists the three built-in frameworks to everyone signed in', async () => {
    // Drafts made by other tests of this file are listed too; the built-ins are the three published ones.
    const builtIn = ((await leader.request('GET', '/api/frameworks')).json as { key: string; status: string; builtIn: boolean }[]).filter((x) => x.builtIn);
    expect(builtIn.map((x) => x.key).sort()).toEqual(['district-transformation', 'school-systems', 'school-transformation']);
    expect(builtIn.every((x) => x.status === 'published')).toBe(true);
  });

  it('makes a draft, refuses a stale or invalid save, publishes, and never edits a published version', async () => {
    const draft = (await admin.request('POST', `/api/frameworks/${f.schoolFramework}/drafts`)).json;
    expect(draft).toMatchObject({ status: 'draft', version: framework.version + 1, revision: 1 });
    const doc = (await admin.request('GET', `/api/frameworks/${draft.id}`)).json.document as Framework;
    doc.domains[0]!.indicators[0]!.name = 'Renamed practice';
    const saved = await admin.request('PUT', `/api/frameworks/${draft.id}`, { revision: 1, document: doc });
    expect(saved.status).toBe(200);
    expect(saved.json.revision).toBe(2);
    const stale = await admin.request('PUT', `/api/frameworks/${draft.id}`, { revision: 1, document: doc });
    expect(stale.status).toBe(409);
    const broken = structuredClone(doc);
    broken.domains[0]!.indicators[0]!.levels.pop();
    const invalid = await admin.request('PUT', `/api/frameworks/${draft.id}`, { revision: 2, document: broken });
    expect(invalid.status).toBe(400);
    expect(invalid.json.details[0].where).toMatch(/^domains\[0\]\.indicators\[0\]\.levels/);
    expect((await admin.request('POST', `/api/frameworks/${draft.id}/publish`)).json.status).toBe('published');
    expect((await admin.request('PUT', `/api/frameworks/${draft.id}`, { revision: 3, document: doc })).status).toBe(409);
    expect((await admin.request('GET', `/api/frameworks/${draft.id}`)).json.document.domains[0].indicators[0].name).toBe('Renamed practice');
  });

  it('checks a new review: framework kind, focus indicators, dates', async () => {
    const district = await leader.request('POST', `/api/schools/${f.schoolA}/reviews`, newReview({ frameworkId: f.districtFramework }));
    expect(district.status).toBe(400);
    expect(district.json.details[0].where).toBe('frameworkId');
    const focus = await leader.request('POST', `/api/schools/${f.schoolA}/reviews`, newReview({ focusIndicators: ['not-a-practice'] }));
    expect(focus.status).toBe(400);
    expect(focus.json.message).toContain('not-a-practice');
    const backwards = await leader.request('POST', `/api/schools/${f.schoolA}/reviews`, newReview({ endsOn: '2026-04-01' }));
    expect([backwards.status, backwards.json.message]).toEqual([400, 'End date is before the start date.']);
    expect((await leader.request('POST', `/api/schools/${f.schoolA}/reviews`, newReview({ startsOn: '14/04/2026' }))).json.details[0].where).toBe(
      'body.startsOn',
    );
  });

  it('rates with evidence under version checks, finalizes, and only an admin reopens with a reason', async () => {
    const created = await leader.request('POST', `/api/schools/${f.schoolA}/reviews`, newReview());
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    const [k1, k2, k3] = keys as [string, string, string];
    const self = await leader.request('PUT', `/api/reviews/${id}/ratings`, { indicatorKey: k1, source: 'self', level: 3, version: null });
    expect(self.status).toBe(200);
    expect(self.json.version).toBe(1);
    // Two reviewers rate the same thing: the second, who had not seen the first, is told and shown it.
    const raceAdmin = await admin.request('PUT', `/api/reviews/${id}/ratings`, { indicatorKey: k2, source: 'external', level: 2, version: null });
    const raceCoach = await coach.request('PUT', `/api/reviews/${id}/ratings`, { indicatorKey: k2, source: 'external', level: 4, version: null });
    expect(raceAdmin.status).toBe(200);
    expect(raceCoach.status).toBe(409);
    expect(raceCoach.json.current.level).toBe(2);
    expect((await leader.request('PUT', `/api/reviews/${id}/ratings`, { indicatorKey: k1, source: 'self', level: 9, version: 1 })).status).toBe(400);
    const external = await coach.request('PUT', `/api/reviews/${id}/ratings`, {
      indicatorKey: k1,
      source: 'external',
      level: 2,
      note: 'Seen in 3 of 8 rooms',
      version: null,
    });
    const evidence = await coach.request('POST', `/api/reviews/${id}/ratings/${external.json.id}/evidence`, {
      kind: 'classroom_observation',
      note: 'Observed in 3 of 8 classrooms.',
    });
    expect(evidence.status).toBe(201);
    const gone = await coach.request('POST', `/api/reviews/${id}/ratings/${external.json.id}/evidence`, { kind: 'survey', note: 'Half of staff agree.' });
    expect((await coach.request('DELETE', `/api/reviews/${id}/evidence/${gone.json.id}`)).status).toBe(200);
    await coach.request('PUT', `/api/reviews/${id}/ratings`, { indicatorKey: k3, source: 'consensus', level: 4, version: null });

    const review = (await leader.request('GET', `/api/reviews/${id}`)).json;
    expect(review.ratings).toHaveLength(4);
    expect(review.ratings.find((r: { id: string }) => r.id === external.json.id).evidence.map((e: { note: string }) => e.note)).toEqual([
      'Observed in 3 of 8 classrooms.',
    ]);

    const summary = (await leader.request('GET', `/api/reviews/${id}/summary`)).json;
    expect(summary.rated).toBe(3);
    expect(summary.perIndicator.find((p: { indicatorKey: string }) => p.indicatorKey === k1).validation).toEqual({
      status: 'challenged',
      direction: 'self_higher',
      by: 1,
    });
    expect(summary.calibration).toMatchObject({ n: 1, meanDifference: 1 });

    expect((await coach.request('POST', `/api/reviews/${id}/finalize`, { version: review.version + 5 })).status).toBe(409);
    // Three of the framework's indicators have an external or consensus level: finalizing says so and asks for a reason.
    expect(review.completeness).toEqual({ rated: 3, total: keys.length, complete: false });
    const incomplete = await coach.request('POST', `/api/reviews/${id}/finalize`, { version: review.version });
    expect(incomplete.status).toBe(409);
    expect(incomplete.json.message).toBe(
      `3 of ${keys.length} indicators are rated with an external or consensus level; ${keys.length - 3} are not. Rate them, or finalize it as a partial review and say why.`,
    );
    const noReason = await coach.request('POST', `/api/reviews/${id}/finalize`, { version: review.version, partial: true, reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.json.details[0].where).toBe('reason');
    const partial = await coach.request('POST', `/api/reviews/${id}/finalize`, {
      version: review.version,
      partial: true,
      reason: 'The review day ran short; the rest is rated in the spring.',
    });
    expect(partial.json).toMatchObject({ status: 'finalized', partial: true, partialReason: 'The review day ran short; the rest is rated in the spring.' });
    const finalizeAudit = await auditEntry(id, 'review.finalize');
    expect(finalizeAudit.after).toMatchObject({
      partial: true,
      rated: 3,
      total: keys.length,
      reason: 'The review day ran short; the rest is rated in the spring.',
    });
    const locked = await leader.request('PUT', `/api/reviews/${id}/ratings`, { indicatorKey: k3, source: 'self', level: 1, version: null });
    expect(locked.status).toBe(409);
    expect(locked.json.code).toBe('conflict');
    expect((await leader.request('POST', `/api/reviews/${id}/reopen`, { reason: 'Missed evidence' })).status).toBe(403);
    expect((await admin.request('POST', `/api/reviews/${id}/reopen`, { reason: 'no' })).status).toBe(400);
    expect((await admin.request('POST', `/api/reviews/${id}/reopen`, { reason: 'Missed evidence from the focus group' })).json).toMatchObject({
      status: 'open',
      partial: false,
      partialReason: null,
    });
    const log = (await admin.request('GET', `/api/audit?objectKind=review&objectId=${id}`)).json.entries.map((e: { action: string }) => e.action);
    expect(log).toEqual(expect.arrayContaining(['review.create', 'rating.save', 'evidence.add', 'evidence.remove', 'review.finalize', 'review.reopen']));
    expect(
      (await admin.request('GET', `/api/audit?objectKind=review&objectId=${id}`)).json.entries.find((e: { action: string }) => e.action === 'review.reopen')
        .after.reason,
    ).toBe('Missed evidence from the focus group');
  });

  it('keeps the external and consensus ratings to the reviewers: roles that review and the people named', async () => {
    const hash = (await database.db.selectFrom('person').select('password_hash').where('id', '=', f.people.school_leader!.id).executeTakeFirstOrThrow())
      .password_hash;
    const peerRow = await database.db
      .insertInto('person')
      .values({ organization_id: f.orgId, name: 'Priya Peer', email: 'priya.peer@fixture.test', password_hash: hash })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db.insertInto('membership').values({ person_id: peerRow.id, role: 'school_leader', scope_kind: 'school', scope_id: f.schoolB }).execute();
    const peer = await signIn(app, 'priya.peer@fixture.test');

    // The school's own staff cannot be its reviewers; someone of another organization is no one here.
    const own = await leader.request(
      'POST',
      `/api/schools/${f.schoolA}/reviews`,
      newReview({ title: 'Peer review', reviewerIds: [f.people.school_leader!.id] }),
    );
    expect(own.status).toBe(400);
    expect(own.json).toMatchObject({
      message: expect.stringMatching(/^school leader works at Aspen Elementary and gives its self rating/),
      details: [{ where: 'reviewerIds' }],
    });
    expect(
      (await leader.request('POST', `/api/schools/${f.schoolA}/reviews`, newReview({ title: 'Peer review', reviewerIds: [f.people.other_admin!.id] }))).status,
    ).toBe(400);
    const created = await leader.request('POST', `/api/schools/${f.schoolA}/reviews`, newReview({ title: 'Peer review', reviewerIds: [peerRow.id] }));
    expect(created.status).toBe(201);
    const id = created.json.id as string;

    const asLeader = (await leader.request('GET', `/api/reviews/${id}`)).json;
    expect(asLeader.mayRate).toEqual(['self']);
    expect(asLeader.reviewers).toEqual([{ id: peerRow.id, name: 'Priya Peer' }]);
    expect((await coach.request('GET', `/api/reviews/${id}`)).json.mayRate).toEqual(['self', 'external', 'consensus']);
    // Named, the peer reads a review her role does not reach and rates it as a reviewer, not as the school.
    expect((await peer.request('GET', `/api/reviews/${f.reviewA}`)).status).toBe(404);
    expect((await peer.request('GET', `/api/reviews/${id}`)).json.mayRate).toEqual(['external', 'consensus']);

    const [k1, k2] = keys as [string, string];
    const refused = await leader.request('PUT', `/api/reviews/${id}/ratings`, { indicatorKey: k1, source: 'external', level: 4, version: null });
    expect(refused.status).toBe(403);
    expect(refused.json.message).toMatch(
      /^Only the review's reviewers give the external rating: the partner's coaches, network directors and organization admins, and the people named as reviewers of this review\./,
    );
    expect(
      (await leader.request('PUT', `/api/reviews/${id}/ratings`, { indicatorKey: k1, source: 'consensus', level: 4, version: null })).json.message,
    ).toMatch(/^Only the review's reviewers record the consensus rating/);
    const self = await leader.request('PUT', `/api/reviews/${id}/ratings`, { indicatorKey: k1, source: 'self', level: 4, version: null });
    expect(self.status).toBe(200);
    const external = await peer.request('PUT', `/api/reviews/${id}/ratings`, { indicatorKey: k1, source: 'external', level: 2, version: null });
    expect(external.status).toBe(200);
    expect((await peer.request('PUT', `/api/reviews/${id}/ratings`, { indicatorKey: k2, source: 'self', level: 2, version: null })).status).toBe(403);
    // Evidence goes with its rating: the school backs its self rating, the reviewers theirs.
    expect(
      (await leader.request('POST', `/api/reviews/${id}/ratings/${external.json.id}/evidence`, { kind: 'document', note: 'Our own agendas.' })).status,
    ).toBe(403);
    expect((await leader.request('POST', `/api/reviews/${id}/ratings/${self.json.id}/evidence`, { kind: 'document', note: 'Our own agendas.' })).status).toBe(
      201,
    );
    const observed = await peer.request('POST', `/api/reviews/${id}/ratings/${external.json.id}/evidence`, {
      kind: 'classroom_observation',
      note: 'Two of six rooms.',
    });
    expect(observed.status).toBe(201);
    expect((await leader.request('DELETE', `/api/reviews/${id}/evidence/${observed.json.id}`)).status).toBe(403);
    // The reviewers close a review the evidence validates; the school does not.
    const closing = await leader.request('POST', `/api/reviews/${id}/finalize`, { version: asLeader.version, partial: true, reason: 'We are done here.' });
    expect(closing.status).toBe(403);
    expect(closing.json.message).toMatch(/^Only the review's reviewers finalize it/);

    // Reviewers are changed under the review's version; once removed, the peer no longer reaches the review.
    const version = (await leader.request('GET', `/api/reviews/${id}`)).json.version;
    expect((await leader.request('PUT', `/api/reviews/${id}/reviewers`, { version: version + 1, reviewerIds: [] })).status).toBe(409);
    const changed = await leader.request('PUT', `/api/reviews/${id}/reviewers`, { version, reviewerIds: [f.people.coach!.id] });
    expect(changed.json.reviewers.map((p: { name: string }) => p.name)).toEqual(['coach']);
    expect((await peer.request('GET', `/api/reviews/${id}`)).status).toBe(404);
    const log = await auditEntry(id, 'review.reviewers');
    expect(log).toMatchObject({ before: { reviewerIds: [peerRow.id] }, after: { reviewerIds: [f.people.coach!.id] } });
    expect((await leader.request('GET', '/api/reviewers')).json.map((p: { name: string }) => p.name)).toContain('Priya Peer');
  });

  it('gives a self-assessment a self rating only, and no reviewers', async () => {
    const named = await coach.request(
      'POST',
      `/api/schools/${f.schoolA}/reviews`,
      newReview({ type: 'self_assessment', title: 'Self-assessment', reviewerIds: [f.people.network_director!.id] }),
    );
    expect(named.status).toBe(400);
    expect(named.json.message).toMatch(/^A self-assessment has no reviewers/);
    const created = await coach.request('POST', `/api/schools/${f.schoolA}/reviews`, newReview({ type: 'self_assessment', title: 'Self-assessment' }));
    const id = created.json.id as string;
    expect((await coach.request('GET', `/api/reviews/${id}`)).json.mayRate).toEqual(['self']);
    const refused = await coach.request('PUT', `/api/reviews/${id}/ratings`, { indicatorKey: keys[0], source: 'external', level: 2, version: null });
    expect(refused.status).toBe(403);
    expect(refused.json.message).toBe('A self-assessment has a self rating only; give external ratings in a support review or a transformation review.');
    // The school rates itself fully and closes it: complete, nothing partial.
    let version = null as number | null;
    for (const k of keys)
      expect((await leader.request('PUT', `/api/reviews/${id}/ratings`, { indicatorKey: k, source: 'self', level: 2, version })).status).toBe(200);
    version = (await leader.request('GET', `/api/reviews/${id}`)).json.version;
    expect((await leader.request('POST', `/api/reviews/${id}/finalize`, { version })).json).toMatchObject({
      status: 'finalized',
      partial: false,
      partialReason: null,
    });
  });

  it('marks the reviews finalized incomplete before partial reviews had a reason as partial, and only those', async () => {
    // A self-assessment with every indicator self-rated is complete; school B's review has no ratings at all.
    const complete = (
      await database.db
        .insertInto('review')
        .values({
          organization_id: f.orgId,
          district_id: f.districtB,
          school_id: f.schoolB,
          framework_id: f.schoolFramework,
          type: 'self_assessment',
          title: 'Old self-assessment',
          school_year: 2024,
          starts_on: '2024-10-01',
          ends_on: '2024-10-01',
          status: 'finalized',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await database.db
      .insertInto('rating')
      .values(keys.map((k) => ({ review_id: complete, district_id: f.districtB, indicator_key: k, source: 'self' as const, level: 2 })))
      .execute();
    await database.db.updateTable('review').set({ status: 'finalized', partial: false }).where('id', '=', f.reviewB).execute();
    const backfill = statements(reviewIntegrity).find((x) => x.includes('update review r set partial'))!;
    await sql.raw(backfill).execute(database.db);
    const rows = await database.db.selectFrom('review').select(['id', 'partial', 'partial_reason']).where('id', 'in', [f.reviewB, complete]).execute();
    expect(rows.find((r) => r.id === f.reviewB)).toMatchObject({ partial: true, partial_reason: expect.stringMatching(/^Finalized with indicators unrated/) });
    expect(rows.find((r) => r.id === complete)).toMatchObject({ partial: false, partial_reason: null });
  });

  it("changes the reviewers of an open review for those who may edit it, refusing the school's own staff, a self-assessment and a stale version with what is there now", async () => {
    const created = await admin.request('POST', `/api/schools/${f.schoolA}/reviews`, newReview({ title: 'Reviewers check' }));
    const id = created.json.id as string;
    const opened = (await admin.request('GET', `/api/reviews/${id}`)).json;
    expect(opened).toMatchObject({ mayEdit: true, reviewers: [] });
    // A viewer reads the review but is not offered the change, and is refused it.
    const viewer = await signIn(app, f.people.viewer!.email);
    expect((await viewer.request('GET', `/api/reviews/${id}`)).json.mayEdit).toBe(false);
    expect((await viewer.request('PUT', `/api/reviews/${id}/reviewers`, { version: opened.version, reviewerIds: [f.people.coach!.id] })).status).toBe(403);

    // The school's own staff give its self rating: refused with a sentence naming the field, and nothing changes.
    const own = await admin.request('PUT', `/api/reviews/${id}/reviewers`, {
      version: opened.version,
      reviewerIds: [f.people.coach!.id, f.people.school_leader!.id],
    });
    expect(own.status).toBe(400);
    expect(own.json).toMatchObject({
      message: expect.stringMatching(/^school leader works at Aspen Elementary and gives its self rating, so cannot be one of its reviewers\./),
      details: [{ where: 'reviewerIds' }],
    });
    expect((await admin.request('GET', `/api/reviews/${id}`)).json).toMatchObject({ version: opened.version, reviewers: [] });

    const named = await admin.request('PUT', `/api/reviews/${id}/reviewers`, { version: opened.version, reviewerIds: [f.people.coach!.id] });
    expect(named.status).toBe(200);
    expect(named.json).toMatchObject({ version: opened.version + 1, reviewers: [{ id: f.people.coach!.id, name: 'coach' }] });
    // Someone who opened the review before that change is told, with the reviewers as they are now, not overwritten.
    const stale = await leader.request('PUT', `/api/reviews/${id}/reviewers`, { version: opened.version, reviewerIds: [] });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({
      code: 'stale_version',
      message: expect.stringMatching(/^Someone else changed this review since you opened it\./),
      current: { version: opened.version + 1, reviewers: [{ id: f.people.coach!.id, name: 'coach' }] },
    });
    expect((await admin.request('GET', `/api/reviews/${id}`)).json.reviewers).toEqual([{ id: f.people.coach!.id, name: 'coach' }]);

    // A finalized review keeps its reviewers until it is reopened.
    await database.db.updateTable('review').set({ status: 'finalized' }).where('id', '=', id).execute();
    const locked = await admin.request('PUT', `/api/reviews/${id}/reviewers`, { version: opened.version + 1, reviewerIds: [] });
    expect(locked.status).toBe(409);
    expect(locked.json.message).toMatch(/^This review is finalized and locked/);

    const self = (
      await admin.request('POST', `/api/schools/${f.schoolA}/reviews`, newReview({ type: 'self_assessment', title: 'Self-assessment, reviewers check' }))
    ).json.id as string;
    const version = (await admin.request('GET', `/api/reviews/${self}`)).json.version;
    const refused = await admin.request('PUT', `/api/reviews/${self}/reviewers`, { version, reviewerIds: [f.people.network_director!.id] });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ message: expect.stringMatching(/^A self-assessment has no reviewers/), details: [{ where: 'reviewerIds' }] });
  });
});
