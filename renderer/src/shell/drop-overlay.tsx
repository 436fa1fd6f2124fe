import { FileDown } from 'lucide-react';

export function DropOverlay() {
  return (
    <div className="drop-overlay" data-testid="drop-overlay">
      <FileDown size={40} aria-hidden />
      <div>Drop a checkpoint archive to open it</div>
    </div>
  );
}
