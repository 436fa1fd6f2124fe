import type { ArchiveSummary } from '../../../../shared/dto';

interface Props {
  label: string;
  archives: ArchiveSummary[];
  value: string | null;
  onChange: (archiveId: string) => void;
  testId: string;
}

export function ArchivePicker({ label, archives, value, onChange, testId }: Props) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {value === null && <option value="">(none open)</option>}
        {archives.map((x) => (
          <option key={x.archiveId} value={x.archiveId}>
            {x.fileName}
            {x.containerName ? ` (${x.containerName})` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
