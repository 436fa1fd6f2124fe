/**
 * Throws unless `value` is plain JSON: what crosses the contract as a DTO.
 * `bigint: true` also admits bigints: the pretty decoder keeps integers beyond
 * 2^53 exact (the CLI writes them as JSON numbers, the hosts' encoders as text).
 */
export function assertPlainJson(value: unknown, path = '$', options: { bigint?: boolean } = {}): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'bigint' && options.bigint) return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path}: non-finite number ${value}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertPlainJson(v, `${path}[${i}]`, options));
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) assertPlainJson(v, `${path}.${k}`, options);
    return;
  }
  throw new Error(
    `${path}: not plain JSON (${typeof value}${typeof value === 'object' ? ` ${value.constructor.name}` : ''})`,
  );
}
