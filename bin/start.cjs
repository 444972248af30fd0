// `npm start`: the bundled server (dist/server.js, built by `npm run build`, which `prestart` runs).
// CommonJS so that this line runs before anything uses libuv's thread pool: the pool's
// size is read once, and the journal's fsync should not wait behind the background
// checkpoint's file writes for one of the default four threads.
process.env.UV_THREADPOOL_SIZE ??= '16';
// Node 22.1 and later keep the compiled code of dist/ between starts (a no-op on Node 20).
import('node:module').then((module) => {
  module.enableCompileCache?.();
  return import('../dist/server.js');
});
