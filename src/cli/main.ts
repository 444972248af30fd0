/** The command line's entry point: `node --import tsx src/cli/main.ts`, `npm run audit --`, or `npx social-audit`. */
import { run } from './run.ts';

const code = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => new Date() });
process.exitCode = code;
