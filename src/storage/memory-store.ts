/** An in-memory Store for tests and for trying the app without a disk. */
import type { Store } from '../core/ports.ts';
import { createDocumentStore } from './document-store.ts';
import { emptyMeta } from './org-document.ts';

export function createMemoryStore(): Store {
  return createDocumentStore({ docs: [], meta: emptyMeta() }, { writeDocument: async () => undefined, writeMeta: async () => undefined });
}
