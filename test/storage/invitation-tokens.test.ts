import { describe, expect, it } from 'vitest';
import { createDocumentStore, loadedDocument } from '../../src/storage/document-store.ts';
import { headOf } from '../../src/storage/org-heads.ts';
import { emptyMeta, SCHEMA_VERSION, type OrgDocument } from '../../src/storage/org-document.ts';
import { invitationIdOf } from '../../src/core/rounds/round.ts';
import { orgDocumentSchema } from '../../src/storage/stored-schema.ts';

const TOKEN = 'T'.repeat(43);
const at = '2026-11-25T10:00:00.000Z';

describe('invitation tokens in stored records', () => {
  it('when a file written by an earlier version holds a response with its invitation token, then the store reads it with the token\'s one-way id instead, and writes it back without the token', async () => {
    const written: OrgDocument[] = [];
    const doc = {
      schemaVersion: SCHEMA_VERSION,
      organisation: { id: 'O'.repeat(22), name: 'Old Data Ltd', createdAt: at },
      assessments: [
        { id: 'A'.repeat(22), rubricId: 'social-ownership', rubricVersion: '1.0.0', organisationId: 'O'.repeat(22), organisation: { name: 'Old Data Ltd' }, respondent: { role: 'leadership' }, answers: {}, notes: {}, status: 'draft', createdAt: at, updatedAt: at, roundId: 'R'.repeat(22), invitationToken: TOKEN },
      ],
      shareLinks: [],
      rounds: [{ id: 'R'.repeat(22), organisationId: 'O'.repeat(22), rubricId: 'social-ownership', rubricVersion: '1.0.0', createdAt: at, invitations: [{ token: TOKEN, role: 'leadership', kind: 'respondent', createdAt: at }] }],
    };
    expect(orgDocumentSchema.safeParse(doc).success).toBe(true);
    // As the lowdb store starts: the head from the file, the full document read from it when asked for.
    const store = createDocumentStore(
      { heads: [headOf(loadedDocument(doc as OrgDocument))], meta: emptyMeta() },
      { writeDocument: async (d) => void written.push(d), writeMeta: async () => undefined, readDocument: async () => doc as OrgDocument },
    );
    const read = (await store.get('A'.repeat(22)))!;
    expect(JSON.stringify(read)).not.toContain(TOKEN);
    expect(read.invitationId).toBe(invitationIdOf(TOKEN));
    await store.update({ ...read, notes: { a: 'b' } });
    expect(JSON.stringify(written.at(-1)!.assessments)).not.toContain(TOKEN);
    // The id is no token: it does not open the invitation.
    expect(await store.findInvitation(read.invitationId!)).toBeUndefined();
  });
});
