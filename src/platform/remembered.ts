/**
 * Remembers a pure function's results for at most `max` arguments, dropping all
 * of them when full: for work asked again and again with few distinct arguments
 * (a report's days formatted, a returning browser's CSRF token).
 */
export function remembered<T>(of: (key: string) => T, max = 4096): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      if (known.size >= max) known.clear();
      known.set(key, (value = of(key)));
    }
    return value;
  };
}
