import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLowdbStore } from '../../src/storage/lowdb-store.ts';
import { describeStoreContract } from './store-contract.ts';

describeStoreContract('lowdb', async () => openLowdbStore(await mkdtemp(join(tmpdir(), 'sao-contract-'))));
