// The message texts Windows prints for each code (FormatMessage), in every language a source
// gives, as loaded from catalog/codes/messages-*.json.
import type { CodeKind } from '../codes/code-tables';
import { FACILITY_WIN32 } from '../codes/decode';
import type { MessageText } from './message-index';

export interface MessageFileEntry {
  kind: string;
  value: string;
  text: string;
}
export interface MessageFile {
  lang: string;
  /** Machine translations of Microsoft's documentation, not the words a localised Windows prints. */
  machineTranslated?: boolean;
  entries: readonly MessageFileEntry[];
}

/** Language → text, only the languages known for that value. */
export type Messages = Readonly<Record<string, string>>;

export interface MessageTables {
  /** Languages whose texts are machine translations of the documentation. */
  readonly translated: ReadonlySet<string>;
  /** The texts of one value, or undefined. */
  of(kind: CodeKind, value: number): Messages | undefined;
  /** Every text, for the index. */
  readonly texts: readonly MessageText[];
}

const KINDS = new Set<CodeKind>(['hresult', 'win32', 'ntstatus']);
const N_BIT = 0x10000000;

/** Builds the message tables from the generated files. */
export function buildMessageTables(files: readonly MessageFile[]): MessageTables {
  const byKey = new Map<string, Record<string, string>>();
  const texts: MessageText[] = [];
  const translated = new Set<string>();
  for (const f of files) {
    if (f.machineTranslated) translated.add(f.lang);
    for (const e of f.entries) {
      const kind = e.kind as CodeKind;
      if (!KINDS.has(kind)) continue;
      const value = parseInt(e.value, 16) >>> 0;
      const key = `${kind}:${value}`;
      const known = byKey.get(key) ?? {};
      if (!(f.lang in known)) known[f.lang] = e.text;
      byKey.set(key, known);
      texts.push({ kind, value, lang: f.lang, text: e.text });
    }
  }
  for (const m of byKey.values()) Object.freeze(m);
  const get = (kind: CodeKind, value: number) => byKey.get(`${kind}:${value >>> 0}`);
  return {
    translated,
    texts,
    of(kind, value) {
      const own = get(kind, value);
      if (kind !== 'hresult') return own;
      // FormatMessage of an HRESULT that wraps a Win32 error or an NTSTATUS prints theirs
      // ("Access is denied." for 0x80070005, not the header's "General access denied error").
      const v = value >>> 0;
      const wrapped =
        v >= 0x80000000 && (v & N_BIT) !== 0
          ? get('ntstatus', (v & ~N_BIT) >>> 0)
          : v >= 0x80000000 && ((v >>> 16) & 0x1fff) === FACILITY_WIN32
            ? get('win32', v & 0xffff)
            : undefined;
      return wrapped && own ? Object.freeze({ ...own, ...wrapped }) : (wrapped ?? own);
    },
  };
}
