// Functions in Redis's serialized forms: FUNCTION DUMP / RESTORE payloads
// (RDB_OPCODE_FUNCTION2 and the library code as an RDB string, per library,
// then the RDB version and a CRC64, like DUMP), and the AOF's FUNCTION LOAD
// commands. The RDB file's FUNCTION2 records are written by RdbEncoder.function2
// and read by the RDB reader (RdbReadResult.functions).

import * as F from '../persistence/rdb-format.js';

/** The RDB version Petrel writes (Redis 7.2). */
export const FUNCTIONS_RDB_VERSION = 11;

function lenBytes(n: number): number[] {
  if (n < 1 << 6) return [n];
  if (n < 1 << 14) return [(F.RDB_14BITLEN << 6) | (n >> 8), n & 0xff];
  return [F.RDB_32BITLEN, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

const INT_TEXT = /^-?[1-9][0-9]*$|^0$/;

// liblzf's compressor exactly as Redis builds it lives with the other RDB codecs.
export { lzfCompress as lzfCompressExact } from '../persistence/rdb-format.js';

/** Redis's rdbSaveRawString: integer encoding for short integers, LZF past 20 bytes (when it pays), else raw. */
export function encodeRdbString(s: string, compression = true): Buffer {
  const n = s.length;
  if (n > 0 && n <= 11 && INT_TEXT.test(s)) {
    const v = Number(s);
    if (v >= -128 && v <= 127) return Buffer.from([(F.RDB_ENCVAL << 6) | F.RDB_ENC_INT8, v & 0xff]);
    if (v >= -32768 && v <= 32767) {
      const b = Buffer.alloc(3);
      b[0] = (F.RDB_ENCVAL << 6) | F.RDB_ENC_INT16;
      b.writeInt16LE(v, 1);
      return b;
    }
    if (v >= -2147483648 && v <= 2147483647) {
      const b = Buffer.alloc(5);
      b[0] = (F.RDB_ENCVAL << 6) | F.RDB_ENC_INT32;
      b.writeInt32LE(v, 1);
      return b;
    }
  }
  const raw = Buffer.from(s, 'latin1');
  if (compression && n > 20) {
    const packed = F.lzfCompress(raw, n - 4);
    if (packed !== null) {
      return Buffer.concat([Buffer.from([(F.RDB_ENCVAL << 6) | F.RDB_ENC_LZF, ...lenBytes(packed.length), ...lenBytes(n)]), packed]);
    }
  }
  return Buffer.concat([Buffer.from(lenBytes(n)), raw]);
}

/** FUNCTION DUMP: the libraries' code in Redis's payload form. */
export function encodeFunctionsPayload(codes: readonly string[], compression = true): Buffer {
  const parts: Buffer[] = [];
  for (const code of codes) {
    parts.push(Buffer.from([F.RDB_OPCODE_FUNCTION2]), encodeRdbString(code, compression));
  }
  const version = Buffer.alloc(2);
  version.writeUInt16LE(FUNCTIONS_RDB_VERSION);
  parts.push(version);
  const body = Buffer.concat(parts);
  const crc = Buffer.alloc(8);
  crc.writeBigUInt64LE(F.crc64(body, 0, body.length));
  return Buffer.concat([body, crc]);
}

class Reader {
  pos = 0;
  constructor(readonly b: Buffer) {}
  u8(): number {
    if (this.pos >= this.b.length) throw new Error('short');
    return this.b[this.pos++];
  }
  len(): [number, boolean] {
    const c = this.u8();
    const kind = c >> 6;
    if (kind === F.RDB_6BITLEN) return [c & 0x3f, false];
    if (kind === F.RDB_14BITLEN) return [((c & 0x3f) << 8) | this.u8(), false];
    if (kind === F.RDB_ENCVAL) return [c & 0x3f, true];
    if (c === F.RDB_32BITLEN) {
      const v = this.b.readUInt32BE(this.pos);
      this.pos += 4;
      return [v, false];
    }
    if (c === F.RDB_64BITLEN) {
      const v = Number(this.b.readBigUInt64BE(this.pos));
      this.pos += 8;
      return [v, false];
    }
    throw new Error('bad length');
  }
  string(): string {
    const [n, enc] = this.len();
    if (!enc) {
      if (this.pos + n > this.b.length) throw new Error('short');
      const s = this.b.latin1Slice(this.pos, this.pos + n);
      this.pos += n;
      return s;
    }
    switch (n) {
      case F.RDB_ENC_INT8:
        return String(this.b.readInt8(this.pos++));
      case F.RDB_ENC_INT16: {
        const v = this.b.readInt16LE(this.pos);
        this.pos += 2;
        return String(v);
      }
      case F.RDB_ENC_INT32: {
        const v = this.b.readInt32LE(this.pos);
        this.pos += 4;
        return String(v);
      }
      case F.RDB_ENC_LZF: {
        const [clen] = this.len();
        const [ulen] = this.len();
        const src = this.b.subarray(this.pos, this.pos + clen);
        this.pos += clen;
        return F.lzfDecompress(src, ulen).latin1Slice(0, ulen);
      }
      default:
        throw new Error('bad string encoding');
    }
  }
}

/**
 * FUNCTION RESTORE's payload: the libraries' code, or Redis's error text
 * (without the ERR prefix).
 */
export function decodeFunctionsPayload(payload: Buffer): string[] | string {
  const len = payload.length;
  if (len < 10) return 'DUMP payload version or checksum are wrong';
  const version = payload.readUInt16LE(len - 10);
  if (version > FUNCTIONS_RDB_VERSION) return 'DUMP payload version or checksum are wrong';
  if (F.crc64(payload, 0, len - 8) !== payload.readBigUInt64LE(len - 8)) return 'DUMP payload version or checksum are wrong';
  const r = new Reader(payload.subarray(0, len - 10));
  const out: string[] = [];
  while (r.pos < r.b.length) {
    let type: number;
    try {
      type = r.u8();
    } catch {
      return 'can not read data type';
    }
    if (type === F.RDB_OPCODE_FUNCTION_PRE_GA) return 'Pre-GA function format not supported';
    if (type !== F.RDB_OPCODE_FUNCTION2) return 'given type is not a function';
    try {
      out.push(r.string());
    } catch {
      return 'Failed loading library payload';
    }
  }
  return out;
}
