// `npm start`: the bundled server (dist/server.js, built by `npm run build`, which `prestart` runs).
// CommonJS so that this line runs before anything uses libuv's thread pool: the pool's
// size is read once, and the journal's fsync should not wait behind the background
// checkpoint's file writes for one of the default four threads.
process.env.UV_THREADPOOL_SIZE ??= '16';
// V8 moves an allocation site's objects straight to the old generation once it has seen
// most of them survive, and never looks again. Under a burst of slow first requests it
// made that call for the request handling's own objects (requests, headers), so every
// later request's garbage went to the old generation: RSS grew ~120 MB in 6 s of
// GET /healthz and each request cost ~20% more. With the heuristic off both stay flat;
// start-up is unchanged (docs/performance.md). Set before the app is loaded.
// Node 22.1 and later keep the compiled code of dist/ between starts (a no-op on Node 20).
Promise.all([import('node:v8'), import('node:module')]).then(([v8, module]) => {
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
  module.enableCompileCache?.();
  return import('../dist/server.js');
});
