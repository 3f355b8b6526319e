// A JSON request body, checked before it is parsed: strict UTF-8 (a bad sequence is refused,
// not replaced with U+FFFD) and a nesting depth counted over the bytes in one loop, so that
// a body nobody could serve back (JSON.stringify recurses) never gets in.

export type JsonBody =
  | { ok: true; value: unknown }
  | { ok: false; problem: 'encoding' | 'syntax' | 'depth'; why: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = new Set([0x5b, 0x7b]); // [ {
const CLOSE = new Set([0x5d, 0x7d]); // ] }

export function parseJsonBody(body: Buffer, maxDepth: number): JsonBody {
  const deep = depthBeyond(body, maxDepth);
  if (deep !== undefined) {
    return { ok: false, problem: 'depth', why: `the request body nests arrays and objects deeper than ${maxDepth} levels (at octet ${deep}); this server accepts at most ${maxDepth} (maxJsonDepth)` };
  }
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return { ok: false, problem: 'encoding', why: 'the request body is not valid UTF-8 (JSON text is UTF-8: RFC 8259 8.1)' };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, problem: 'syntax', why: `the request body is not valid JSON: ${(e as Error).message}` };
  }
}

/** The offset of the bracket that goes deeper than `max`, or undefined. Strings are skipped. */
export function depthBeyond(body: Buffer, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const b = body[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) {
      inString = true;
    } else if (OPEN.has(b)) {
      if (++depth > max) return i;
    } else if (CLOSE.has(b)) {
      depth--;
    }
  }
  return undefined;
}
