// Decodes a file's bytes as UTF-8 and refuses bytes that are not UTF-8, instead of turning them into
// U+FFFD (the replacement character) without a word. Valid pieces are checked natively; only a bad piece
// is scanned byte by byte, to say where it goes wrong.
import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

/** Where a piece of the file stops being UTF-8: the offset in the piece, its line breaks before it, and the byte. */
export class NotUtf8 extends Error {
  constructor(
    readonly offset: number,
    readonly linesBefore: number,
    readonly byte: number,
  ) {
    super(`not UTF-8 at byte ${offset}`);
    this.name = 'NotUtf8';
  }

  /** The reason, as an import issue gives it. */
  get reason(): string {
    return `the file is not UTF-8 here (byte 0x${this.byte.toString(16).toUpperCase().padStart(2, '0')}); save it as UTF-8 and import it again`;
  }
}

/** How many bytes a sequence starting with `lead` has, or 0 when `lead` cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** The offset of the first byte that is not part of valid UTF-8, or -1; a sequence cut off at the end is valid. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    const n = sequenceLength(lead);
    if (n === 0) return i;
    if (n === 1) {
      i++;
      continue;
    }
    for (let k = 1; k < n; k++) {
      if (i + k >= bytes.length) return -1;
      const b = bytes[i + k]!;
      // The second byte's range is narrower after some leads (no overlong forms, no surrogates, nothing past U+10FFFF).
      const low = k === 1 && lead === 0xe0 ? 0xa0 : k === 1 && lead === 0xf0 ? 0x90 : 0x80;
      const high = k === 1 && lead === 0xed ? 0x9f : k === 1 && lead === 0xf4 ? 0x8f : 0xbf;
      if (b < low || b > high) return i;
    }
    i += n;
  }
  return -1;
}

/** The bytes at the end of a piece that start a sequence the piece does not finish. */
function unfinishedTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if (b < 0x80) return 0;
    if (b >= 0xc0) return sequenceLength(b) > back ? back : 0;
  }
  return 0;
}

function newlinesBefore(bytes: Uint8Array, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) n++;
  return n;
}

/** A streaming UTF-8 decoder that throws NotUtf8 at the first byte that is not UTF-8. */
export class StrictUtf8Decoder {
  private readonly decoder = new StringDecoder('utf8');
  private carried: Buffer = Buffer.alloc(0);

  write(chunk: Buffer): string {
    const bytes = this.carried.length ? Buffer.concat([this.carried, chunk]) : chunk;
    const tail = unfinishedTail(bytes);
    const whole = tail ? bytes.subarray(0, bytes.length - tail) : bytes;
    if (!isUtf8(whole)) {
      const at = Math.max(0, firstInvalidUtf8(whole));
      // Offsets are given in this chunk's terms: carried bytes belong to the previous one.
      const offset = Math.max(0, at - this.carried.length);
      throw new NotUtf8(offset, newlinesBefore(whole, at), whole[at]!);
    }
    this.carried = tail ? Buffer.from(bytes.subarray(bytes.length - tail)) : Buffer.alloc(0);
    return this.decoder.write(chunk);
  }

  end(): string {
    if (this.carried.length) throw new NotUtf8(0, 0, this.carried[0]!);
    return this.decoder.end();
  }
}
