/**
 * vitest global setup for TEST_STORAGE=postgres: one throwaway database for the
 * whole run (each test app gets its own schema in it), dropped at the end.
 */
import type { TestProject } from 'vitest/node';
import { createTestDatabase } from './postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    testDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const db = await createTestDatabase();
  project.provide('testDatabaseUrl', db.url);
  return () => db.drop();
}
