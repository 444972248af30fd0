/** node:util's parseArgs, with its complaints turned into usage errors (exit 2). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends Options>(args: string[], options: O, positionals: { min: number; max: number; names: string }) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    // "Unknown option '--x'. To specify a positional argument starting with a '-', ..." -> the first sentence.
    throw usageError((err as Error).message.split('. ')[0]!.replace(/\.$/, ''));
  }
  const help = (parsed.values as Record<string, unknown>).help === true;
  if (!help && parsed.positionals.length < positionals.min) throw usageError(`missing ${positionals.names}`);
  if (parsed.positionals.length > positionals.max) throw usageError(`unexpected argument "${parsed.positionals[positionals.max]}"`);
  return { values: parsed.values as { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string }, positionals: parsed.positionals, help };
}

/** A flag whose value must be one of a list. */
export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback?: T): T {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw usageError(`--${flag} is required (${allowed.join(', ')})`);
  }
  if (!(allowed as readonly string[]).includes(value)) throw usageError(`--${flag} must be one of ${allowed.join(', ')}; got "${value}"`);
  return value as T;
}
