/** `?a=1&b=2` of the non-empty values, in a fixed order. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.append(k, String(v));
  const s = search.toString();
  return s ? `?${s}` : '';
}
