/** The background writer's thread (see background-writer.ts): each message is one organisation file to write. */
import { parentPort } from 'node:worker_threads';
import { DurableJSONFile } from './durable-json-file.ts';
import type { WriteReply, WriteRequest } from './background-writer.ts';

const reply = (message: WriteReply) => parentPort!.postMessage(message);

parentPort!.on('message', ({ id, file, text }: WriteRequest) => {
  new DurableJSONFile(file).writeText(text, { syncFolder: false }).then(
    (written) => reply({ id, written }),
    (err: NodeJS.ErrnoException) => reply({ id, error: { message: err.message, code: err.code } }),
  );
});
