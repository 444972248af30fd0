#!/usr/bin/env node
// Runs the TypeScript command line through tsx, from wherever it is called.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/cli/main.ts', import.meta.url).href);
