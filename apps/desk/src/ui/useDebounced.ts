import { useEffect, useState } from 'react';

/** The value, trimmed, once it has stopped changing for `ms` (search boxes: one request per pause, not per key). */
export function useDebounced(value: string, ms = 300): string {
  const [v, setV] = useState(value.trim());
  useEffect(() => {
    const t = setTimeout(() => setV(value.trim()), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
