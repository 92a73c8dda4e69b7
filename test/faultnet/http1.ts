/**
 * HTTP/1.1 message framing for the fault proxy: finds where each request and response starts
 * and ends in a byte stream, without decoding or rewriting anything, so the proxy forwards the
 * exact bytes the client and server wrote (signatures over bodies and headers stay valid).
 *
 * Supported: Content-Length bodies, chunked bodies (with trailers), bodiless messages, 1xx interim
 * responses (kept in front of the final response), close-delimited responses.
 * Not supported (the proxy closes the connection): upgrades/CONNECT, obs-fold headers,
 * `Expect: 100-continue` waits (the body is expected to follow the head without waiting).
 */

export class HttpFramingError extends Error {}

export interface HttpHead {
  /** Request line or status line, without CRLF. */
  startLine: string;
  /** Lower-cased names; repeated headers joined by ", ". */
  headers: ReadonlyMap<string, string>;
}

export interface HttpRequestMessage {
  /** The exact bytes: head plus body. */
  raw: Buffer;
  /** Bytes of the request line, headers and the blank line. */
  headLength: number;
  method: string;
  /** The request-target as sent (path and query). */
  target: string;
  /** The target without its query string. */
  path: string;
  headers: ReadonlyMap<string, string>;
}

export interface HttpResponseMessage {
  /** The exact bytes: any 1xx interim responses, then the final head and body. */
  raw: Buffer;
  status: number;
  headers: ReadonlyMap<string, string>;
}

type BodyMode = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' } | { kind: 'interim' };

const crlfcrlf = Buffer.from('\r\n\r\n');
const maxLineBytes = 8192;

function parseHead(bytes: Buffer): HttpHead {
  const lines = bytes.toString('latin1').split('\r\n');
  const startLine = lines[0] ?? '';
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    if (line.startsWith(' ') || line.startsWith('\t')) throw new HttpFramingError('obs-fold header lines are not supported');
    const colon = line.indexOf(':');
    if (colon <= 0) throw new HttpFramingError(`malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  return { startLine, headers };
}

function lengthOrChunked(headers: ReadonlyMap<string, string>): BodyMode | null {
  const te = headers.get('transfer-encoding');
  if (te !== undefined) {
    if (!/(^|,)\s*chunked\s*$/i.test(te)) throw new HttpFramingError(`unsupported transfer-encoding: ${te}`);
    return { kind: 'chunked' };
  }
  const cl = headers.get('content-length');
  if (cl === undefined) return null;
  // Repeated identical values ("5, 5") are allowed by RFC 9110; different ones are smuggling.
  const values = new Set(cl.split(',').map((v) => v.trim()));
  const [only] = values;
  if (values.size !== 1 || only === undefined || !/^\d{1,15}$/.test(only)) throw new HttpFramingError(`bad content-length: ${cl}`);
  const length = Number(only);
  return length === 0 ? { kind: 'none' } : { kind: 'length', length };
}

/**
 * Incremental framer: feed it bytes with push(); it calls onMessage(raw, head, headLength) for
 * each complete message. One instance per byte stream.
 */
class Framer {
  private state: 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'trailer' | 'close' = 'head';
  private chunks: Buffer[] = [];
  private size = 0;
  private headBuffer = Buffer.alloc(0);
  private headLength = 0;
  private head: HttpHead | null = null;
  private remaining = 0;
  private line = '';

  constructor(
    private readonly bodyOf: (head: HttpHead) => BodyMode,
    private readonly emit: (raw: Buffer, head: HttpHead, headLength: number) => void,
    private readonly maxMessageBytes: number,
  ) {}

  /** True when the stream sits between messages. */
  get idle(): boolean {
    return this.state === 'head' && this.size === 0 && this.headBuffer.length === 0;
  }

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      switch (this.state) {
        case 'head': {
          const before = this.headBuffer.length;
          this.headBuffer = Buffer.concat([this.headBuffer, chunk.subarray(at)]);
          const end = this.headBuffer.indexOf(crlfcrlf, Math.max(0, before - 3));
          if (end < 0) {
            if (this.headBuffer.length > 65536) throw new HttpFramingError('message head larger than 64 KiB');
            at = chunk.length;
            break;
          }
          const headBytes = this.headBuffer.subarray(0, end + 4);
          at += end + 4 - before;
          this.headBuffer = Buffer.alloc(0);
          this.take(headBytes);
          const head = parseHead(headBytes.subarray(0, end));
          this.head = head;
          this.headLength = this.size;
          const mode = this.bodyOf(head);
          if (mode.kind === 'none') this.finish();
          else if (mode.kind === 'interim') this.state = 'head'; // keep collecting: the final response follows
          else if (mode.kind === 'length') {
            this.state = 'length';
            this.remaining = mode.length;
          } else if (mode.kind === 'chunked') {
            this.state = 'chunk-size';
            this.line = '';
          } else this.state = 'close';
          break;
        }
        case 'length': {
          const n = Math.min(this.remaining, chunk.length - at);
          this.take(chunk.subarray(at, at + n));
          at += n;
          this.remaining -= n;
          if (this.remaining === 0) this.finish();
          break;
        }
        case 'chunk-data': {
          const n = Math.min(this.remaining, chunk.length - at);
          this.take(chunk.subarray(at, at + n));
          at += n;
          this.remaining -= n;
          if (this.remaining === 0) {
            this.state = 'chunk-size';
            this.line = '';
          }
          break;
        }
        case 'chunk-size':
        case 'trailer': {
          const newline = chunk.indexOf(0x0a, at);
          const end = newline < 0 ? chunk.length : newline + 1;
          this.take(chunk.subarray(at, end));
          this.line += chunk.subarray(at, end).toString('latin1');
          at = end;
          if (this.line.length > maxLineBytes) throw new HttpFramingError('chunk line too long');
          if (newline < 0) break;
          const text = this.line.replace(/\r?\n$/, '');
          this.line = '';
          if (this.state === 'trailer') {
            if (text === '') this.finish();
            break;
          }
          const sizeText = text.split(';')[0]!.trim();
          if (!/^[0-9a-fA-F]{1,12}$/.test(sizeText)) throw new HttpFramingError(`bad chunk size: ${JSON.stringify(text.slice(0, 40))}`);
          const size = parseInt(sizeText, 16);
          if (size === 0) this.state = 'trailer';
          else {
            this.state = 'chunk-data';
            this.remaining = size + 2; // data plus its CRLF
          }
          break;
        }
        case 'close':
          this.take(chunk.subarray(at));
          at = chunk.length;
          break;
      }
    }
  }

  /** The stream ended. Returns true when it ended cleanly between messages. */
  end(): boolean {
    if (this.state === 'close') {
      this.finish();
      return true;
    }
    return this.idle;
  }

  private take(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.size += bytes.length;
    if (this.size > this.maxMessageBytes) throw new HttpFramingError(`message larger than ${this.maxMessageBytes} bytes`);
    this.chunks.push(Buffer.from(bytes));
  }

  private finish(): void {
    const raw = Buffer.concat(this.chunks, this.size);
    const head = this.head!;
    const headLength = this.headLength;
    this.chunks = [];
    this.size = 0;
    this.head = null;
    this.state = 'head';
    this.emit(raw, head, headLength);
  }
}

export class RequestFramer {
  private readonly framer: Framer;

  constructor(onRequest: (request: HttpRequestMessage) => void, maxMessageBytes = 64 * 1024 * 1024) {
    this.framer = new Framer(
      (head) => {
        const [method = '', target = '', version = ''] = head.startLine.split(' ');
        if (!/^[A-Z]+$/.test(method) || !version.startsWith('HTTP/1.')) throw new HttpFramingError(`not an HTTP/1.x request: ${JSON.stringify(head.startLine.slice(0, 80))}`);
        if (method === 'CONNECT' || head.headers.has('upgrade')) throw new HttpFramingError('upgrades and CONNECT are not supported');
        return lengthOrChunked(head.headers) ?? { kind: 'none' };
      },
      (raw, head, headLength) => {
        const [method = '', target = ''] = head.startLine.split(' ');
        const query = target.indexOf('?');
        onRequest({ raw, headLength, method, target, path: query < 0 ? target : target.slice(0, query), headers: head.headers });
      },
      maxMessageBytes,
    );
  }

  push(chunk: Buffer): void {
    this.framer.push(chunk);
  }

  get idle(): boolean {
    return this.framer.idle;
  }
}

/** Frames the one response to a request (the proxy opens one upstream connection per request). */
export class ResponseFramer {
  private readonly framer: Framer;

  constructor(requestMethod: string, onResponse: (response: HttpResponseMessage) => void, maxMessageBytes = 64 * 1024 * 1024) {
    this.framer = new Framer(
      (head) => {
        const match = /^HTTP\/1\.[01] (\d{3})/.exec(head.startLine);
        if (!match) throw new HttpFramingError(`not an HTTP/1.x response: ${JSON.stringify(head.startLine.slice(0, 80))}`);
        const status = Number(match[1]);
        if (status === 101) throw new HttpFramingError('protocol upgrades are not supported');
        if (status < 200) return { kind: 'interim' };
        if (requestMethod === 'HEAD' || status === 204 || status === 304) return { kind: 'none' };
        return lengthOrChunked(head.headers) ?? { kind: 'close' };
      },
      (raw, head) => onResponse({ raw, status: Number(head.startLine.slice(9, 12)), headers: head.headers }),
      maxMessageBytes,
    );
  }

  push(chunk: Buffer): void {
    this.framer.push(chunk);
  }

  /** The upstream closed; completes a close-delimited response. */
  end(): boolean {
    return this.framer.end();
  }
}
