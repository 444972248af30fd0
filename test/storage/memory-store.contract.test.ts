import { createMemoryStore } from '../../src/storage/memory-store.ts';
import { describeStoreContract } from './store-contract.ts';

describeStoreContract('memory', async () => createMemoryStore());
