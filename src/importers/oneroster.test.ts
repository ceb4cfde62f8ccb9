import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError } from './issues';
import { parseOneRoster, readOneRosterManifest, type OneRosterRecord } from './oneroster';
import { dataPath, sharedDataAvailable } from './testing/shared-data';

const BUNDLE = 'oneroster-csv-templates';

async function collect(dir: string): Promise<OneRosterRecord[]> {
  const out: OneRosterRecord[] = [];
  for await (const r of parseOneRoster(dir)) out.push(r);
  return out;
}

function copyBundle(): string {
  const dir = mkdtempSync(join(tmpdir(), 'oneroster-'));
  cpSync(dataPath(BUNDLE), dir, { recursive: true });
  return dir;
}

describe.runIf(sharedDataAvailable())('OneRoster 1.1 bundle (templates)', () => {
  it('checks the manifest', async () => {
    const manifest = await readOneRosterManifest(dataPath(BUNDLE));
    expect(manifest).toMatchObject({ manifestVersion: '1.0', oneRosterVersion: '1.1' });
    expect(manifest.files.results).toBe('absent');
  });

  it('reads orgs, students and enrollments, tolerating ext_ columns and header-only files', async () => {
    const records = await collect(dataPath(BUNDLE));
    expect(records).toEqual([
      { kind: 'organization', orgType: 'school', id: '12345', name: 'School 1', parentId: '54321', line: 2, file: 'orgs.csv' },
      { kind: 'organization', orgType: 'school', id: '54321', name: 'School 2', line: 3, file: 'orgs.csv' },
      { kind: 'student', studentId: 'user1', firstName: 'ionut', lastName: 'padurariu', schoolId: '12345', demographics: {}, line: 2, file: 'users.csv' },
      { kind: 'student', studentId: 'user2', firstName: 'ionut2', lastName: 'padurariu', schoolId: '54321', demographics: {}, line: 3, file: 'users.csv' },
      { kind: 'enrollment', studentId: 'user1', schoolId: '12345', classId: 'class1', role: 'student', line: 2, file: 'enrollments.csv' },
      { kind: 'enrollment', studentId: 'user1', schoolId: '12345', classId: 'class2', role: 'student', line: 3, file: 'enrollments.csv' },
      { kind: 'enrollment', studentId: 'user2', schoolId: '54321', classId: 'class3', role: 'student', line: 4, file: 'enrollments.csv' },
    ]);
  });

  it('rejects another OneRoster version', async () => {
    const dir = copyBundle();
    writeFileSync(join(dir, 'manifest.csv'), readFileSync(join(dir, 'manifest.csv'), 'utf8').replace('oneroster.version,1.1', 'oneroster.version,1.2'));
    const error = (await collect(dir).catch((e: unknown) => e)) as ImportError;
    expect(error).toBeInstanceOf(ImportError);
    expect(error.details).toEqual([{ where: 'manifest.csv:5:value', message: 'oneroster.version must be 1.1, found "1.2"' }]);
  });

  it('reads demographics and reports a bad cell with file, line and column', async () => {
    const dir = copyBundle();
    const header = readFileSync(join(dir, 'demographics.csv'), 'utf8').trim();
    writeFileSync(
      join(dir, 'demographics.csv'),
      `${header}\nuser1,active,,2010-01-02,female,false,false,true,false,false,false,true,,,,\nuser2,active,,,male,maybe,,,,,,,,,,\n`,
    );
    const error = (await collect(dir).catch((e: unknown) => e)) as ImportError;
    expect(error.details).toEqual([{ where: 'demographics.csv:3:americanIndianOrAlaskaNative', message: 'expected true or false, found "maybe"' }]);

    writeFileSync(join(dir, 'demographics.csv'), `${header}\nuser1,active,,2010-01-02,female,false,false,true,false,false,false,true,,,,\n`);
    const student = (await collect(dir)).find((r) => r.kind === 'student' && r.birthDate);
    expect(student).toMatchObject({ studentId: 'user1', birthDate: '2010-01-02', demographics: { race: ['black'], hispanic: true, gender: 'female' } });
  });
});
