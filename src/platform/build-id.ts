/**
 * A hash of the sources the running bundle was built from, which
 * scripts/build.js writes into dist/ in place of `__SAO_BUILD_ID__`; undefined
 * when the TypeScript sources run as they are (tsx: tests, development).
 */
declare const __SAO_BUILD_ID__: string | undefined;

export const BUILD_ID: string | undefined = typeof __SAO_BUILD_ID__ === 'string' ? __SAO_BUILD_ID__ : undefined;
