// Editing a school's name, city and enrollment; a stale version shows who changed it and offers to reload.
import { Alert, Button, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { LIMITS } from '../../../src/domain/limits';
import { ApiError } from '../api';
import { saveSchool, schoolKey, schoolsKey, type SchoolDetail } from '../queries/network';
import { StaleSaveAlert } from './StaleSaveAlert';

interface Fields {
  name: string;
  city: string;
  enrollment: string;
}

type Changes = Omit<Parameters<typeof saveSchool>[1], 'version'>;

const fieldsOf = (s: SchoolDetail): Fields => ({ name: s.name, city: s.city ?? '', enrollment: s.enrollment === null ? '' : String(s.enrollment) });

export function SchoolEditForm({ school }: { school: SchoolDetail }) {
  const client = useQueryClient();
  const [fields, setFields] = useState<Fields>(() => fieldsOf(school));
  const [localError, setLocalError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  // A newer version (after saving or reloading) becomes the form's starting point.
  useEffect(() => setFields(fieldsOf(school)), [school]);

  const save = useMutation({
    mutationFn: (changes: Changes) => saveSchool(school.id, { version: school.version, ...changes }),
    onSuccess: async () => {
      setSaved(true);
      await Promise.all([client.invalidateQueries({ queryKey: schoolKey(school.id) }), client.invalidateQueries({ queryKey: schoolsKey })]);
    },
  });

  const original = fieldsOf(school);
  const dirty = (Object.keys(fields) as (keyof Fields)[]).some((k) => fields[k].trim() !== original[k]);

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setSaved(false);
    setLocalError(null);
    const changes: Changes = {};
    if (fields.name.trim() !== original.name) changes.name = fields.name.trim();
    if (fields.city.trim() !== original.city) changes.city = fields.city.trim() || null;
    if (fields.enrollment.trim() !== original.enrollment) {
      const raw = fields.enrollment.replace(/,/g, '').trim();
      if (raw && !/^\d+$/.test(raw)) {
        setLocalError('Enter enrollment as a whole number of students, such as 520.');
        return;
      }
      changes.enrollment = raw ? Number(raw) : null;
    }
    save.mutate(changes);
  }

  const error = save.error instanceof ApiError ? save.error : null;
  const stale = error?.code === 'stale_version';
  const set = (k: keyof Fields) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setSaved(false);
    setFields((f) => ({ ...f, [k]: value }));
  };

  return (
    <form onSubmit={submit} noValidate aria-describedby={stale || error ? 'school-edit-error' : undefined}>
      <Stack gap="md" maw={760}>
        {stale && (
          <StaleSaveAlert
            title="Someone else changed this school"
            message={error.message}
            id="school-edit-error"
            onReload={async () => {
              save.reset();
              await client.invalidateQueries({ queryKey: schoolKey(school.id) });
            }}
          />
        )}
        {error && !stale && (
          <Alert color="red" title="Not saved" role="alert" id="school-edit-error">
            {error.message}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label="School name" required maxLength={LIMITS.name} value={fields.name} onChange={set('name')} error={error?.fieldMessage('name')} />
          <TextInput label="City" maxLength={LIMITS.city} value={fields.city} onChange={set('city')} error={error?.fieldMessage('city')} />
          <TextInput
            label="Enrollment"
            description="Number of students"
            inputMode="numeric"
            value={fields.enrollment}
            onChange={set('enrollment')}
            error={localError ?? error?.fieldMessage('enrollment')}
          />
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={save.isPending} disabled={!dirty || stale}>
            Save changes
          </Button>
          {dirty && !stale && (
            <Button variant="default" onClick={() => setFields(original)}>
              Discard changes
            </Button>
          )}
          <span role="status" className="save-status">
            {saved && !dirty ? 'Saved.' : ''}
          </span>
        </Group>
      </Stack>
    </form>
  );
}
