/** A progress bar on stderr, drawn only on a terminal so logs and pipes stay clean. */
import type { Output } from './io.ts';

const WIDTH = 30;
const EVERY_MS = 100;

export interface Progress {
  tick(): void;
  done(): void;
}

export function progressBar(stream: Output, label: string, total: number, clock: () => number = Date.now): Progress {
  if (!stream.isTTY || total === 0) return { tick() {}, done() {} };
  let count = 0;
  let drawnAt = -Infinity;
  const draw = () => {
    const share = Math.min(1, count / total);
    const filled = Math.round(share * WIDTH);
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${count}/${total}`);
    drawnAt = clock();
  };
  return {
    tick() {
      count++;
      if (clock() - drawnAt >= EVERY_MS) draw();
    },
    done() {
      draw();
      stream.write('\n');
    },
  };
}
