// The loaders of the student-level formats: Ed-Fi XML interchanges, student CSV with a column map, OneRoster bundles.
import { open } from 'node:fs/promises';
import { AppError } from '../domain/errors';
import type { AssessmentRecord } from './records';
import { parseEdfiXml } from './edfi-xml';
import { hashFile, type FileUse } from './import-files';
import { assertRosteredStudents } from './load-checks';
import type { Loader } from './load-context';
import { parseOneRoster, readOneRosterManifest } from './oneroster';
import { parseStudentColumnMap, parseStudentCsv } from './student-csv';
import { mergeStudents } from './student-merge';
import { stageStudentRecords } from './student-staging';

/** Ed-Fi interchanges are read in dependency order: organizations, assessments, students, then results. */
const INTERCHANGE_ORDER = ['EducationOrganization', 'AssessmentMetadata', 'Student', 'StudentEnrollment', 'StudentAssessment'];

async function interchangeOf(path: string): Promise<string> {
  const handle = await open(path);
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return /<Interchange(\w+)/.exec(buffer.subarray(0, bytesRead).toString('utf8'))?.[1] ?? '';
  } finally {
    await handle.close();
  }
}

export const loadEdfi: Loader = async (session, files, context) => {
  const kinds = new Map<FileUse, string>();
  for (const f of files) kinds.set(f, await interchangeOf(f.path));
  const rank = (f: FileUse) => {
    const i = INTERCHANGE_ORDER.indexOf(kinds.get(f)!);
    return i < 0 ? INTERCHANGE_ORDER.length : i;
  };
  const ordered = [...files].sort((a, b) => rank(a) - rank(b));
  const assessments = new Map<string, AssessmentRecord>();
  async function* records() {
    for (const file of ordered) {
      for await (const record of parseEdfiXml(context.open(file), { fileName: file.name, assessments, maxErrors: context.options.maxErrors ?? 20 })) {
        if (record.kind === 'assessment') assessments.set(record.assessmentId, record);
        yield { record, file: file.name };
      }
    }
  }
  await stageStudentRecords(session, records(), context);
  await assertRosteredStudents(
    session,
    context.organizationId,
    files.filter((f) => kinds.get(f) === 'Student').map((f) => f.name),
  );
  return mergeStudents(session, context);
};

export const loadStudentCsv: Loader = async (session, files, context) => {
  if (context.options.map === undefined)
    throw new AppError('invalid_input', 'A student CSV needs a column map (--map MAP.json).', [{ where: 'map', message: 'is required' }]);
  const map = parseStudentColumnMap(context.options.map);
  async function* records() {
    for (const file of files)
      for await (const record of parseStudentCsv(context.open(file), map, { fileName: file.name, maxErrors: context.options.maxErrors ?? 20 }))
        yield { record, file: file.name };
  }
  await stageStudentRecords(session, records(), context);
  return mergeStudents(session, context);
};

export const loadOneRoster: Loader = async (session, files, context) => {
  const dirs = [...new Set(files.map((f) => f.path.slice(0, f.path.length - f.name.length - 1)))];
  if (dirs.length !== 1) throw new AppError('invalid_input', 'Import one OneRoster bundle (one folder) at a time.');
  const dir = dirs[0]!;
  await readOneRosterManifest(dir);
  // The parser opens the bundle's files itself; hash and count them as they are.
  for (const f of files) f.sha256 = hashFile(f.path);
  async function* records() {
    for await (const record of parseOneRoster(dir, { maxErrors: context.options.maxErrors ?? 20 })) yield { record, file: record.file ?? 'manifest.csv' };
  }
  await stageStudentRecords(session, records(), context);
  return mergeStudents(session, context);
};
