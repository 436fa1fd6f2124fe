import { AlertTriangle, RotateCw } from 'lucide-react';
import type { ErrorInfo } from '../../../shared/errors';
import { adviceFor } from '../lib/errors';
import { ErrorLog } from './error-log';

interface Props {
  error: ErrorInfo;
  title?: string;
  onRetry?: () => void;
  compact?: boolean;
}

/** An error with its stable code and what the user can do about it. */
export function ErrorView({ error, title, onRetry, compact }: Props) {
  const advice = adviceFor(error);
  return (
    <div className={compact ? 'error-view compact' : 'error-view'} role="alert" data-testid="error-view">
      <AlertTriangle size={compact ? 16 : 22} aria-hidden />
      <div>
        <div className="error-title">
          {title ?? 'Something went wrong'} <code className="error-code">{error.code}</code>
        </div>
        <div className="error-message" data-testid="error-message">
          {error.message}
        </div>
        <ErrorLog error={error} />
        {advice && (
          <div className="error-advice" data-testid="error-advice">
            {advice}
          </div>
        )}
        {onRetry && (
          <button className="btn" onClick={onRetry}>
            <RotateCw size={14} aria-hidden /> Try again
          </button>
        )}
      </div>
    </div>
  );
}
