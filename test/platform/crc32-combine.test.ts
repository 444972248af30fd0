import { crc32 } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32Combine, crc32Shift } from '../../src/platform/crc32-combine.ts';

const crcOf = (bytes: Buffer) => (bytes.length ? crc32(bytes) : 0);

describe('crc32Combine', () => {
  it('when two byte strings are joined, then the CRC from their CRCs and the length is the one zlib computes over the whole', () => {
    const lengths = [0, 1, 2, 3, 7, 8, 100, 255, 256, 4096, 65_535, 65_536, 100_003];
    for (const a of lengths) {
      for (const b of lengths) {
        const [x, y] = [randomBytes(a), randomBytes(b)];
        expect(crc32Combine(crcOf(x), crcOf(y), crc32Shift(b)), `${a} then ${b} bytes`).toBe(crcOf(Buffer.concat([x, y])));
      }
    }
  });

  it('when the second string is empty, then the CRC is the first one unchanged', () => {
    expect(crc32Combine(0x12345678, 0, crc32Shift(0))).toBe(0x12345678);
  });
});
