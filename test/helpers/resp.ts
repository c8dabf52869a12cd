// Test-side RESP helpers: find where one reply ends in a byte buffer, and
// encode commands as multibulk.

/** End offset of the complete reply starting at `pos`, or -1 if more bytes are needed. */
export function replyEnd(buf: Buffer, pos: number): number {
  if (pos >= buf.length) return -1;
  const type = String.fromCharCode(buf[pos]);
  const cr = buf.indexOf('\r\n', pos);
  if (cr < 0) return -1;
  const line = buf.latin1Slice(pos + 1, cr);
  const after = cr + 2;
  switch (type) {
    case '+':
    case '-':
    case ':':
    case '_':
    case ',':
    case '#':
    case '(':
      return after;
    case '$':
    case '=':
    case '!': {
      const n = Number(line);
      if (n < 0) return after;
      return buf.length >= after + n + 2 ? after + n + 2 : -1;
    }
    case '*':
    case '~':
    case '>':
    case '%':
    case '|': {
      let n = Number(line);
      if (n < 0) return after;
      if (type === '%' || type === '|') n *= 2;
      let p = after;
      for (let i = 0; i < n; i++) {
        p = replyEnd(buf, p);
        if (p < 0) return -1;
      }
      // An attribute (|) is followed by the real reply.
      return type === '|' ? replyEnd(buf, p) : p;
    }
    default: {
      // Not RESP: treat up to the line end as one reply (should not happen).
      return after;
    }
  }
}

/** Encodes argv as a RESP multibulk request. */
export function encodeCommand(argv: (string | Buffer | number)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`)];
  for (const a of argv) {
    const b = Buffer.isBuffer(a) ? a : Buffer.from(String(a), 'latin1');
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** One reply as a tree: its bytes, type char, header line and (for aggregates) children. */
export interface ReplyNode {
  raw: string;
  type: string;
  line: string;
  children: ReplyNode[];
}

/** Parses the reply starting at `pos` of a latin1 reply string; returns it and where it ends. */
export function parseReplyTree(s: string, pos = 0): [ReplyNode, number] {
  const type = s[pos];
  const cr = s.indexOf('\r\n', pos);
  const line = s.slice(pos + 1, cr);
  let end = cr + 2;
  const children: ReplyNode[] = [];
  if (type === '$' || type === '=' || type === '!') {
    const n = Number(line);
    if (n >= 0) end += n + 2;
  } else if ('*~%>|'.includes(type)) {
    let n = Number(line);
    if (type === '%' || type === '|') n *= 2;
    for (let i = 0; i < n; i++) {
      const [child, e] = parseReplyTree(s, end);
      children.push(child);
      end = e;
    }
  }
  return [{ raw: s.slice(pos, end), type, line, children }, end];
}
