// Editing a draft framework in place: names and descriptors; Save sends the whole document with the revision it was read at.
import { Alert, Button, Group, List, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import type { Framework } from '../../../src/domain/framework';
import { ApiError } from '../api';
import { frameworkKey, frameworksKey, saveDraft, type FrameworkDetail } from '../queries/frameworks';
import { EquityTag } from './DescriptorTable';
import { StaleSaveAlert } from './StaleSaveAlert';

const clone = (f: Framework): Framework => JSON.parse(JSON.stringify(f)) as Framework;

export function FrameworkEditor({ framework, onDirtyChange }: { framework: FrameworkDetail; onDirtyChange: (dirty: boolean) => void }) {
  const client = useQueryClient();
  const [doc, setDoc] = useState<Framework>(() => clone(framework.document));
  const [saved, setSaved] = useState(false);

  // A newer revision (after saving or reloading) becomes the editor's starting point.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new revision resets the editor even when its document reads the same.
  useEffect(() => setDoc(clone(framework.document)), [framework.document, framework.revision]);

  const dirty = useMemo(() => JSON.stringify(doc) !== JSON.stringify(framework.document), [doc, framework.document]);
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);

  const save = useMutation({
    mutationFn: () => saveDraft(framework.id, { revision: framework.revision, document: doc }),
    onSuccess: async () => {
      setSaved(true);
      await Promise.all([client.invalidateQueries({ queryKey: frameworkKey(framework.id) }), client.invalidateQueries({ queryKey: frameworksKey })]);
    },
  });
  const error = save.error instanceof ApiError ? save.error : null;
  const stale = error?.code === 'stale_version';
  const issues = error?.code === 'invalid_input' ? error.details : [];
  // The server names fields by their path in the document, e.g. domains[0].indicators[2].levels[1].descriptor.
  const issueAt = (path: string) => issues.find((d) => d.where === path || d.where === `document.${path}`)?.message;

  function edit(change: (draft: Framework) => void) {
    setSaved(false);
    setDoc((current) => {
      const next = clone(current);
      change(next);
      return next;
    });
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Edit the draft framework">
      <Stack gap="lg">
        <Text maw={760}>
          This draft can be edited until it is published. Changes are kept only when you save; the whole framework is checked on every save.
        </Text>
        {stale && (
          <StaleSaveAlert
            title="Someone else saved this draft"
            message={error.message}
            onReload={async () => {
              save.reset();
              await client.invalidateQueries({ queryKey: frameworkKey(framework.id) });
            }}
          />
        )}
        {error && !stale && (
          <Alert color="red" title="Not saved" role="alert">
            <Text size="sm">{error.message}</Text>
            {issues.length > 1 && (
              <List size="sm" mt="xs">
                {issues.map((d) => (
                  <List.Item key={`${d.where}: ${d.message}`}>
                    <span className="mono">{d.where}</span>: {d.message}
                  </List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}

        <Group grow align="flex-start" wrap="wrap">
          <TextInput
            label="Framework name"
            value={doc.name}
            onChange={(e) => {
              const v = e.currentTarget.value;
              edit((d) => {
                d.name = v;
              });
            }}
            error={issueAt('name')}
          />
        </Group>
        <Textarea
          label="Description"
          autosize
          minRows={2}
          value={doc.description}
          onChange={(e) => {
            const v = e.currentTarget.value;
            edit((d) => {
              d.description = v;
            });
          }}
          error={issueAt('description')}
        />

        <section aria-labelledby="edit-levels">
          <Title order={2} fz="h3" id="edit-levels" mb="xs">
            Levels
          </Title>
          <Group align="flex-start" wrap="wrap">
            {doc.levels.map((l, li) => (
              <TextInput
                key={l.value}
                label={`Level ${l.value} name`}
                value={l.label}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  edit((d) => {
                    d.levels[li]!.label = v;
                  });
                }}
                error={issueAt(`levels[${li}].label`)}
                w={200}
              />
            ))}
          </Group>
        </section>

        {doc.domains.map((domain, di) => (
          <section key={domain.key} aria-labelledby={`edit-domain-${domain.key}`}>
            <Title order={2} fz="h3" id={`edit-domain-${domain.key}`} mb="xs">
              {domain.name || domain.key}
            </Title>
            <TextInput
              label="Domain name"
              value={domain.name}
              onChange={(e) => {
                const v = e.currentTarget.value;
                edit((d) => {
                  d.domains[di]!.name = v;
                });
              }}
              error={issueAt(`domains[${di}].name`)}
              maw={480}
              mb="sm"
            />
            <Table.ScrollContainer minWidth={900} type="native">
              <Table withTableBorder withColumnBorders verticalSpacing="xs" className="data-table descriptor-table">
                <caption className="visually-hidden">{domain.name}: indicator names and level descriptors</caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col" w="22%">
                      Indicator
                    </Table.Th>
                    {doc.levels.map((l) => (
                      <Table.Th scope="col" key={l.value}>
                        {l.value} {l.label}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {domain.indicators.map((ind, ii) => {
                    const at = `domains[${di}].indicators[${ii}]`;
                    return (
                      <Table.Tr key={ind.key}>
                        <Table.Td>
                          <Textarea
                            label="Indicator name"
                            size="xs"
                            autosize
                            value={ind.name}
                            onChange={(e) => {
                              const v = e.currentTarget.value;
                              edit((d) => {
                                d.domains[di]!.indicators[ii]!.name = v;
                              });
                            }}
                            error={issueAt(`${at}.name`)}
                          />
                          <Group gap={4} mt={4}>
                            <Text size="xs" c="dimmed" className="mono">
                              {ind.key}
                            </Text>
                            {ind.tags.includes('equity') && <EquityTag />}
                          </Group>
                        </Table.Td>
                        {doc.levels.map((l) => {
                          const li = ind.levels.findIndex((x) => x.level === l.value);
                          return (
                            <Table.Td key={l.value}>
                              <Textarea
                                aria-label={`${ind.name}, level ${l.value} ${l.label}`}
                                size="xs"
                                autosize
                                minRows={3}
                                value={li >= 0 ? ind.levels[li]!.descriptor : ''}
                                onChange={(e) => {
                                  const v = e.currentTarget.value;
                                  edit((d) => {
                                    const levels = d.domains[di]!.indicators[ii]!.levels;
                                    const hit = levels.find((x) => x.level === l.value);
                                    if (hit) hit.descriptor = v;
                                    else levels.push({ level: l.value, descriptor: v });
                                  });
                                }}
                                error={li >= 0 ? issueAt(`${at}.levels[${li}].descriptor`) : issueAt(`${at}.levels`)}
                              />
                            </Table.Td>
                          );
                        })}
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </section>
        ))}

        <Group className="editor-actions">
          <Button type="submit" loading={save.isPending} disabled={!dirty || stale}>
            Save draft
          </Button>
          {dirty && !stale && (
            <Button variant="default" onClick={() => setDoc(clone(framework.document))}>
              Discard changes
            </Button>
          )}
          <span role="status" aria-live="polite">
            {saved && !dirty ? 'Saved.' : dirty ? 'Unsaved changes.' : ''}
          </span>
        </Group>
      </Stack>
    </form>
  );
}
