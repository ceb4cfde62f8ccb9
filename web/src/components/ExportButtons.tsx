// "Download CSV" and "Download Excel" for the table beside them.
import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { downloadCsv, downloadXlsx, type ExportTable } from '../export';

export function ExportButtons({ table, label }: { table: () => ExportTable; label: string }) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  async function excel() {
    setBusy(true);
    setFailed(null);
    try {
      await downloadXlsx(table());
    } catch (error) {
      setFailed(error instanceof Error ? error.message : 'The Excel file could not be made.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Group gap="xs" className="no-print" role="group" aria-label={`Download ${label}`}>
      <Button variant="default" size="xs" onClick={() => downloadCsv(table())} aria-label={`Download ${label} as CSV`}>
        CSV
      </Button>
      <Button variant="default" size="xs" onClick={excel} loading={busy} aria-label={`Download ${label} as Excel`}>
        Excel
      </Button>
      {failed && (
        <Text size="xs" c="red" role="alert">
          {failed}
        </Text>
      )}
    </Group>
  );
}
