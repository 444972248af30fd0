/**
 * Time bounds for tests, scaled for a busy machine. A bound here is a safety
 * net against a hang, never an assertion: tests wait on conditions. On a slow
 * or shared machine set TEST_TIME_FACTOR (e.g. 3) to stretch every bound.
 */
export const TIME_FACTOR = Math.max(1, Number(process.env.TEST_TIME_FACTOR) || 1);

/** `ms` stretched by TEST_TIME_FACTOR. */
export const scaled = (ms: number): number => Math.round(ms * TIME_FACTOR);
