import { openTestStore, useTestDatabase } from '../helpers/postgres.ts';
import { describeStoreContract } from './store-contract.ts';

const pgTest = useTestDatabase(8);

describeStoreContract('PostgreSQL', () => openTestStore(pgTest.database));
