/** An in-memory Store for tests and for trying the app without a disk. */
import { createDocumentStore, type DocumentStore, type DocumentStoreOptions } from './document-store.ts';
import { emptyMeta, type OrgDocument } from './org-document.ts';

/** The "disk" is a map of the documents as written; the store reads them back from it as the lowdb store reads files. */
export function createMemoryStore(options: DocumentStoreOptions = {}): DocumentStore {
  const written = new Map<string, OrgDocument>();
  return createDocumentStore(
    { heads: [], meta: emptyMeta() },
    {
      writeDocument: async (doc) => void written.set(doc.organisation.id, doc),
      writeMeta: async () => undefined,
      readDocument: async (orgId) => written.get(orgId)!,
    },
    options,
  );
}
