import { useCallback, useEffect, useRef, useState } from 'react';
import { copyText } from '../lib/clipboard';

export type CopyState = 'idle' | 'copied' | 'failed';

/** Copies and says so for 1.5 s: "Copied" or, when the browser refuses, "Copy failed". */
export function useCopyFeedback(): [CopyState, (text: string) => void] {
  const [state, setState] = useState<CopyState>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const copy = useCallback((text: string) => {
    void copyText(text).then((ok) => {
      setState(ok ? 'copied' : 'failed');
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setState('idle'), 1500);
    });
  }, []);
  return [state, copy];
}
