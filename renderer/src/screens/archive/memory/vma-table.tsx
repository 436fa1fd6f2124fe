import { Download, Filter } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import type { Vma } from '../../../../../shared/dto';
import { QueryView } from '../../../components/query-view';
import { VirtualTable, type Column } from '../../../components/virtual-table';
import { useQuery } from '../../../lib/use-query';
import { saveMemoryRange } from './save-memory-range';
import { vmaColumns } from './vma-columns';

interface Props {
  archiveId: string;
  pid: number;
  /** Show a VMA's first byte in the hex view. */
  onShow: (address: number) => void;
}

/** Filter words as the CLI's --filter takes them; main parses and applies them (one rule for every host). */
const PLACEHOLDER = 'prot=rw  type=anon,heap,stack,file,shared,shm,vdso  file=*libc*  range=0x1000-0x2000';

/** A process's VMAs, narrowed by a filter, each savable as a raw file. */
export function VmaTable({ archiveId, pid, onShow }: Props) {
  const [text, setText] = useState('');
  const [filter, setFilter] = useState<string[]>([]);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const vmas = useQuery('inspect.vmas', filter.length > 0 ? { archiveId, pid, filter } : { archiveId, pid });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilter(text.split(/\s+/).filter((w) => w.length > 0));
  };
  const save = (v: Vma) => {
    setStatus(null);
    saveMemoryRange(archiveId, pid, v.start, v.end).then(
      (said) => setStatus({ text: said, error: false }),
      (error: unknown) => setStatus({ text: error instanceof Error ? error.message : String(error), error: true }),
    );
  };
  const columns: Column<Vma>[] = [
    ...vmaColumns,
    {
      key: 'save',
      title: '',
      width: '70px',
      render: (v) => (
        <button
          type="button"
          className="btn small"
          title={
            v.dumped < v.end - v.start
              ? 'Not all of it is in the checkpoint: the save is refused'
              : 'Save as a raw file'
          }
          data-testid={`vma-save-0x${v.start.toString(16)}`}
          onClick={(e) => {
            e.stopPropagation();
            save(v);
          }}
        >
          <Download size={12} aria-hidden /> Save
        </button>
      ),
    },
  ];
  return (
    <div className="column" data-testid="vma-table">
      <form className="toolbar" onSubmit={apply}>
        <input
          className="mono"
          style={{ flex: 1, minWidth: 220 }}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={PLACEHOLDER}
          aria-label="VMA filter"
          spellCheck={false}
          data-testid="vma-filter"
        />
        <button type="submit" className="btn small" data-testid="vma-filter-apply">
          <Filter size={12} aria-hidden /> Filter
        </button>
      </form>
      {status && (
        <p
          className={status.error ? 'field-error' : 'muted'}
          role={status.error ? 'alert' : 'status'}
          data-testid="vma-save-status"
        >
          {status.text}
        </p>
      )}
      <QueryView query={vmas} what="the memory map">
        {(rows) => (
          <VirtualTable
            rows={rows}
            columns={columns}
            rowKey={(v) => String(v.start)}
            rowTestId={(v) => `vma-row-0x${v.start.toString(16)}`}
            onSelect={(v) => onShow(v.start)}
            label="Memory map"
            testId="vma-rows"
          />
        )}
      </QueryView>
    </div>
  );
}
