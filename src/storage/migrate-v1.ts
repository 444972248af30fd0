/**
 * Version 1 kept everything in one `db.json`. Version 2 keeps one file per
 * organisation. The upgrade writes the new files, then the meta file (which
 * marks the upgrade done), then keeps the old file as `db.v1.json.bak`.
 * A crash part-way leaves `db.json` in place and the upgrade runs again.
 */
import { access, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { DurableJSONFile } from './durable-json-file.ts';
import { emptyMeta, SCHEMA_VERSION, type OrgDocument } from './org-document.ts';
import type { Assessment, Organisation } from '../core/assessment/assessment.ts';

interface V1 {
  schemaVersion: 1;
  organisations: Organisation[];
  assessments: Array<Assessment & { nonce?: string }>;
}

const exists = (file: string) => access(file).then(() => true, () => false);

export async function migrateFromV1(dataDir: string): Promise<number> {
  const oldFile = join(dataDir, 'db.json');
  if (!(await exists(oldFile))) return 0;
  const metaFile = join(dataDir, 'meta.json');
  if (!(await exists(metaFile))) {
    const old = await new DurableJSONFile<V1>(oldFile).read();
    if (!old || old.schemaVersion !== 1 || !Array.isArray(old.organisations) || !Array.isArray(old.assessments)) {
      throw new Error(`${oldFile}: expected a version 1 database to upgrade; got schemaVersion ${JSON.stringify((old as { schemaVersion?: unknown } | null)?.schemaVersion)}`);
    }
    for (const organisation of old.organisations) {
      const doc: OrgDocument = {
        schemaVersion: SCHEMA_VERSION,
        organisation,
        assessments: old.assessments.filter((a) => a.organisationId === organisation.id),
        shareLinks: [],
      };
      await new DurableJSONFile<OrgDocument>(join(dataDir, 'orgs', `${organisation.id}.json`)).write(doc);
    }
    await new DurableJSONFile(metaFile).write(emptyMeta());
  }
  await rename(oldFile, join(dataDir, 'db.v1.json.bak'));
  console.log(`Upgraded the data in ${dataDir} to schema version ${SCHEMA_VERSION}; the old file is kept as db.v1.json.bak`);
  return 1;
}
