/**
 * CRC-32 (the gzip and zip one, the polynomial 0xEDB88320 bit-reversed) of two
 * byte strings joined, from each one's CRC and the second one's length, without
 * reading the bytes again: the CRC of A then B is A's CRC multiplied by x to the
 * power of 8 times B's length, modulo the polynomial, plus B's CRC (arithmetic
 * over GF(2), where plus is XOR). zlib does the same in crc32_combine(), which
 * Node does not expose. A page kept for many requests thus has its pieces' CRCs
 * worked out once (web/slotted-page.ts).
 */
const POLYNOMIAL = 0xedb88320;
/** x^0: in the bit-reversed form, the highest bit is the lowest power. */
const ONE = 0x80000000;

/** a(x) times b(x), modulo the polynomial. */
function multiply(a: number, b: number): number {
  let product = 0;
  for (let bit = ONE; bit !== 0; bit >>>= 1) {
    if (a & bit) product ^= b;
    b = b & 1 ? (b >>> 1) ^ POLYNOMIAL : b >>> 1;
  }
  return product >>> 0;
}

/** x^(2^k) modulo the polynomial, for k = 0..31 (x^1 is 0x40000000). */
const SQUARES: number[] = [0x40000000];
for (let k = 1; k < 32; k++) SQUARES.push(multiply(SQUARES[k - 1]!, SQUARES[k - 1]!));

/** What moves a CRC past `length` bytes: x^(8 * length) modulo the polynomial. */
export function crc32Shift(length: number): number {
  let power = ONE;
  // 8 * length = length * 2^3: walk the bits of length from the square x^(2^3).
  for (let k = 3, n = length; n > 0; k++, n = Math.floor(n / 2)) if (n % 2 === 1) power = multiply(SQUARES[k % 32]!, power);
  return power;
}

/** The CRC-32 of A then B, from A's CRC, B's CRC and `crc32Shift(B's length)`. */
export const crc32Combine = (crcA: number, crcB: number, shiftB: number): number => (multiply(shiftB, crcA) ^ crcB) >>> 0;
