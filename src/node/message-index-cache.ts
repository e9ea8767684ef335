// The message index, saved once built and loaded at the next start instead of built again: the
// build tokenises some 50,000 texts (about half a second), a load maps one file's arrays (a few
// tens of milliseconds). The file is named by a hash of the texts and the index options, so an
// edited message file or article gets a new index, never a stale one. Anything wrong with the
// file (missing, cut short, unwritable folder) means the index is built, as without a cache.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeKind } from '../engine/codes/code-tables';
import { messageIndexData, messageIndexFrom, type MessageIndex, type MessageIndexData, type MessageIndexOptions, type MessageText, type TemplateCode } from '../engine/messages/message-index';

/** Bumped whenever MessageIndexData or this layout changes: older files are then ignored. */
const FORMAT = 1;
const PREFIX = 'message-index-';

type TypedName = keyof MessageIndexData['typed'];
const ARRAYS = { Int32Array, Uint32Array, Uint8Array, Float32Array, Float64Array } as const;
type ArrayType = keyof typeof ARRAYS;

interface Header {
  format: number;
  /** Each typed array: its constructor, byte offset in the body and length. */
  typed: { name: string; type: ArrayType; offset: number; length: number }[];
  pairSize: number;
  kinds: CodeKind[];
  langs: string[];
  templates: number;
}

/** The name of the file for these texts and options. */
export function indexKey(texts: readonly MessageText[], options: Partial<MessageIndexOptions>): string {
  const h = createHash('sha256').update(`${FORMAT}\u0002${JSON.stringify(options)}\u0002`);
  // One string: a few calls into the hash rather than four a text.
  h.update(texts.map((t) => `${t.kind}\u0001${t.value}\u0001${t.lang}\u0001${t.text}`).join('\u0002'));
  return h.digest('hex').slice(0, 32);
}

/** The index as one buffer: a JSON header, the words and stems, then every typed array, 8-aligned. */
export function encodeIndex(data: MessageIndexData): Buffer {
  const kinds: CodeKind[] = [];
  const langs: string[] = [];
  const at = <T>(list: T[], v: T) => {
    const i = list.indexOf(v);
    return i >= 0 ? i : list.push(v) - 1;
  };
  // The codes of each template, flat: offsets, then kind, value and language of each.
  const codeStarts = new Int32Array(data.codes.length + 1);
  const all = data.codes.flat();
  const codeKinds = new Uint8Array(all.length);
  const codeValues = new Uint32Array(all.length);
  const codeLangs = new Uint8Array(all.length);
  data.codes.forEach((list, ti) => (codeStarts[ti + 1] = codeStarts[ti]! + list.length));
  all.forEach((c, i) => {
    codeKinds[i] = at(kinds, c.kind);
    codeValues[i] = c.value >>> 0;
    codeLangs[i] = at(langs, c.lang);
  });
  const arrays: [string, ArrayType, ArrayBufferView & { length: number }][] = [
    ...Object.entries(data.typed).map(([name, a]) => [name, a.constructor.name as ArrayType, a] as [string, ArrayType, ArrayBufferView & { length: number }]),
    ['pairA', 'Int32Array', data.pairs.a],
    ['pairB', 'Int32Array', data.pairs.b],
    ['pairId', 'Int32Array', data.pairs.id],
    ['codeStarts', 'Int32Array', codeStarts],
    ['codeKinds', 'Uint8Array', codeKinds],
    ['codeValues', 'Uint32Array', codeValues],
    ['codeLangs', 'Uint8Array', codeLangs],
  ];
  const typed: Header['typed'] = [];
  let offset = 0;
  for (const [name, type, a] of arrays) {
    typed.push({ name, type, offset, length: a.length });
    offset += Math.ceil(a.byteLength / 8) * 8;
  }
  const header: Header = { format: FORMAT, typed, pairSize: data.pairs.size, kinds, langs, templates: data.codes.length };
  // Words never hold control characters: U+0000 separates them.
  const head = Buffer.from(JSON.stringify(header) + '\u0000' + data.words.join('\u0000') + '\u0000\u0000' + data.stems.join('\u0000'), 'utf8');
  const bodyStart = Math.ceil((8 + head.length) / 8) * 8;
  const out = Buffer.alloc(bodyStart + offset);
  out.writeUInt32LE(head.length, 0);
  head.copy(out, 8);
  for (const [i, [, , a]] of arrays.entries()) Buffer.from(a.buffer, a.byteOffset, a.byteLength).copy(out, bodyStart + typed[i]!.offset);
  return out;
}

/** The index data from a buffer encodeIndex wrote; throws on anything else. */
export function decodeIndex(buffer: Buffer): MessageIndexData {
  const headLength = buffer.readUInt32LE(0);
  const head = buffer.toString('utf8', 8, 8 + headLength);
  const cut = head.indexOf('\u0000');
  const header = JSON.parse(head.slice(0, cut)) as Header;
  if (header.format !== FORMAT) throw new Error(`message index format ${header.format}, not ${FORMAT}`);
  const [wordPart, stemPart] = head.slice(cut + 1).split('\u0000\u0000');
  const bodyStart = Math.ceil((8 + headLength) / 8) * 8;
  // Views need their offsets aligned: one copy of the body into its own buffer guarantees it.
  const body = new ArrayBuffer(buffer.length - bodyStart);
  new Uint8Array(body).set(buffer.subarray(bodyStart));
  const arrays = new Map<string, ArrayBufferView & ArrayLike<number>>();
  for (const t of header.typed) {
    const Ctor = ARRAYS[t.type];
    if (!Ctor) throw new Error(`unknown array type ${t.type}`);
    arrays.set(t.name, new Ctor(body, t.offset, t.length));
  }
  const get = <T>(name: string) => {
    const a = arrays.get(name);
    if (!a) throw new Error(`message index lacks ${name}`);
    return a as unknown as T;
  };
  const codeStarts = get<Int32Array>('codeStarts');
  const codeKinds = get<Uint8Array>('codeKinds');
  const codeValues = get<Uint32Array>('codeValues');
  const codeLangs = get<Uint8Array>('codeLangs');
  const codes: TemplateCode[][] = [];
  for (let ti = 0; ti < header.templates; ti++) {
    const list: TemplateCode[] = [];
    for (let k = codeStarts[ti]!; k < codeStarts[ti + 1]!; k++) list.push({ kind: header.kinds[codeKinds[k]!]!, value: codeValues[k]!, lang: header.langs[codeLangs[k]!]! });
    codes.push(list);
  }
  const names: TypedName[] = ['ids', 'stemIds', 'flags', 'tokStarts', 'tokWeights', 'tokHan', 'required', 'templatePairs', 'pairAt', 'pairStarts', 'stemOfWord', 'wordWeight', 'idf', 'postStart', 'postings', 'weight', 'headWeight'];
  const typed = Object.fromEntries(names.map((n) => [n, get(n)])) as MessageIndexData['typed'];
  return {
    words: wordPart ? wordPart.split('\u0000') : [],
    stems: stemPart ? stemPart.split('\u0000') : [],
    codes,
    pairs: { a: get('pairA'), b: get('pairB'), id: get('pairId'), size: header.pairSize },
    typed,
  };
}

export interface CachedIndex {
  index: MessageIndex;
  /** Whether it came from the file or was built (and, when the folder allows, saved). */
  source: 'loaded' | 'built';
}

/** The message index for `texts`: loaded from `dir` when saved there, else built and saved. */
export function cachedMessageIndex(texts: readonly MessageText[], dir: string, options: Partial<MessageIndexOptions> = {}): CachedIndex {
  const file = join(dir, `${PREFIX}${indexKey(texts, options)}.bin`);
  try {
    return { index: messageIndexFrom(decodeIndex(readFileSync(file)), options), source: 'loaded' };
  } catch {
    // Not there yet, or not readable as an index: build it.
  }
  const data = messageIndexData(texts, options);
  try {
    mkdirSync(dir, { recursive: true });
    // Written aside and renamed: another process starting now never reads half a file.
    const part = `${file}.${process.pid}.part`;
    writeFileSync(part, encodeIndex(data));
    renameSync(part, file);
    // The indexes of earlier texts are of no more use.
    for (const f of readdirSync(dir)) if (f.startsWith(PREFIX) && join(dir, f) !== file && !f.endsWith('.part')) rmSync(join(dir, f), { force: true });
  } catch {
    // A read-only folder: the bot works, it only builds the index at each start.
  }
  return { index: messageIndexFrom(data, options), source: 'built' };
}
