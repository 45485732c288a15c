import { useCallback, useEffect, useState } from 'react';

/*
 * Form values that survive a reload and an expired session: kept in sessionStorage (this tab only) under a key
 * per form while the user types, restored when the form comes back (after sign-in, `weiter` returns here), and
 * dropped once saved or on sign-out. No typed text is lost to a 401.
 */
const PREFIX = 'mpsc-entwurf:';

function read<T>(key: string, initial: T): T {
  try {
    const stored = window.sessionStorage.getItem(PREFIX + key);
    return stored ? { ...initial, ...(JSON.parse(stored) as T) } : initial;
  } catch {
    return initial;
  }
}

export function useDraft<T extends object>(key: string, initial: T): [T, (next: T) => void, () => void] {
  const [values, setValues] = useState<T>(() => read(key, initial));
  useEffect(() => {
    try {
      window.sessionStorage.setItem(PREFIX + key, JSON.stringify(values));
    } catch {
      // Storage full or disabled: the form still works, only without the safety net.
    }
  }, [key, values]);
  const discard = useCallback(() => {
    window.sessionStorage.removeItem(PREFIX + key);
    setValues(initial);
  }, [key, initial]);
  return [values, setValues, discard];
}

/** Where the report editor keeps unsaved text per report (localStorage: it also survives a closed browser). */
export const REPORT_DRAFT_PREFIX = 'mpsc.bericht.';

/** On sign-out nothing typed under the old account stays in this browser: not in the tab, not in localStorage. */
export function discardAllDrafts(): void {
  try {
    for (const key of Object.keys(window.sessionStorage)) if (key.startsWith(PREFIX)) window.sessionStorage.removeItem(key);
    for (const key of Object.keys(window.localStorage)) if (key.startsWith(REPORT_DRAFT_PREFIX)) window.localStorage.removeItem(key);
  } catch {
    // Storage disabled: nothing was kept.
  }
}
