// One framework version: its levels, domains and descriptors; for admins, a new draft version, the draft editor and publishing.
import { Alert, Anchor, Badge, Button, Group, List, Modal, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api';
import { DescriptorTable } from '../components/DescriptorTable';
import { FrameworkEditor } from '../components/FrameworkEditor';
import { PageHeading } from '../components/PageHeading';
import { Loading, LoadFailure } from '../components/PageState';
import { plural } from '../format';
import { useSignedIn } from '../session';
import { frameworkKey, frameworkQuery, frameworksKey, makeDraft, publishFramework } from '../queries/frameworks';

export default function FrameworkPage() {
  const { id = '' } = useParams();
  const session = useSignedIn();
  const client = useQueryClient();
  const navigate = useNavigate();
  const admin = session.roles.includes('org_admin');
  const [confirmPublish, setConfirmPublish] = useState(false);
  const [dirty, setDirty] = useState(false);
  const framework = useQuery(frameworkQuery(id));

  const newDraft = useMutation({
    mutationFn: () => makeDraft(id),
    onSuccess: async (row) => {
      await client.invalidateQueries({ queryKey: frameworksKey });
      navigate(`/frameworks/${row.id}`);
    },
  });
  const publish = useMutation({
    mutationFn: () => publishFramework(id),
    onSuccess: async () => {
      setConfirmPublish(false);
      await Promise.all([client.invalidateQueries({ queryKey: frameworkKey(id) }), client.invalidateQueries({ queryKey: frameworksKey })]);
    },
  });

  if (framework.isPending) return <Loading what="the framework" />;
  if (framework.isError) return <LoadFailure error={framework.error} what="Framework" />;
  const f = framework.data;
  const doc = f.document;
  const indicators = doc.domains.reduce((n, d) => n + d.indicators.length, 0);
  const equity = doc.domains.reduce((n, d) => n + d.indicators.filter((i) => i.tags.includes('equity')).length, 0);
  const editing = admin && f.status === 'draft';

  return (
    <Stack gap="xl">
      <div>
        <Anchor component={Link} to="/frameworks" size="sm" className="no-print">
          ← All frameworks
        </Anchor>
        <Group justify="space-between" align="flex-end" mt={4} wrap="wrap">
          <PageHeading>{`${f.name}, version ${f.version}`}</PageHeading>
          <Group gap="sm" className="no-print">
            {admin && f.status === 'published' && (
              <Button variant="default" onClick={() => newDraft.mutate()} loading={newDraft.isPending}>
                New draft version
              </Button>
            )}
            {editing && (
              <Button onClick={() => setConfirmPublish(true)} disabled={dirty} title={dirty ? 'Save your changes before publishing' : undefined}>
                Publish
              </Button>
            )}
          </Group>
        </Group>
        <Group gap="xs" mt={4}>
          {f.status === 'draft' ? (
            <Badge variant="outline" color="orange.9" tt="none">
              Draft
            </Badge>
          ) : (
            <Badge variant="light" tt="none">
              Published
            </Badge>
          )}
          <Text c="dimmed">
            For {f.kind === 'school' ? 'schools' : 'districts'} · {plural(doc.domains.length, 'domain')} · {plural(indicators, 'indicator')}
            {equity ? `, ${equity} of them equity items` : ''} · {plural(doc.levels.length, 'level')}
          </Text>
        </Group>
        {newDraft.error && (
          <Alert color="red" role="alert" mt="sm" title="No draft was made">
            {newDraft.error.message}
          </Alert>
        )}
        {publish.error && !confirmPublish && (
          <Alert color="red" role="alert" mt="sm" title="Not published">
            {publish.error.message}
          </Alert>
        )}
      </div>

      {editing ? (
        <FrameworkEditor framework={f} onDirtyChange={setDirty} />
      ) : (
        <>
          {doc.description && <Text maw={760}>{doc.description}</Text>}
          <section aria-labelledby="framework-levels">
            <Title order={2} fz="h3" id="framework-levels" mb="xs">
              Levels
            </Title>
            <List type="ordered" listStyleType="none" spacing={4}>
              {doc.levels.map((l) => (
                <List.Item key={l.value}>
                  <Text span fw={600}>
                    {l.value} {l.label}
                  </Text>
                  {l.description ? ` — ${l.description}` : ''}
                </List.Item>
              ))}
            </List>
            {doc.dimensions && doc.dimensions.length > 0 && (
              <Text size="sm" mt="xs">
                Each rating can also be scored on: {doc.dimensions.map((d) => d.label).join(', ')}.
              </Text>
            )}
          </section>
          {doc.domains.map((d) => (
            <section key={d.key} aria-labelledby={`domain-${d.key}`} className="print-section">
              <Title order={2} fz="h3" id={`domain-${d.key}`} mb="xs">
                {d.name}
              </Title>
              {d.description && (
                <Text c="dimmed" mb="xs">
                  {d.description}
                </Text>
              )}
              <DescriptorTable framework={doc} domain={d} />
            </section>
          ))}
        </>
      )}

      <Modal opened={confirmPublish} onClose={() => setConfirmPublish(false)} title={`Publish ${f.name}, version ${f.version}?`}>
        <Stack>
          <Text>Once published, this version can be used for reviews and can no longer be edited. Later changes go into a new draft version.</Text>
          {publish.error && (
            <Alert color="red" role="alert">
              {publish.error instanceof ApiError ? publish.error.message : 'Not published.'}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmPublish(false)}>
              Cancel
            </Button>
            <Button onClick={() => publish.mutate()} loading={publish.isPending}>
              Publish
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
