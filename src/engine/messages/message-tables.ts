// The message texts Windows prints for each code (FormatMessage), in every language a source
// gives, as loaded from catalog/codes/messages-*.json.
import type { CodeKind } from '../codes/code-tables';
import { wrappedCode } from '../codes/decode';
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

/** A value's texts, and which of their languages are machine translations, not Windows' words. */
export interface ValueMessages {
  texts: Messages;
  translated: readonly string[];
}

export interface MessageTables {
  /** The texts of one value, or undefined. */
  of(kind: CodeKind, value: number): ValueMessages | undefined;
}

/** Every text of the files, for the index (not kept: the index holds what it needs). */
export function messageTexts(files: readonly MessageFile[]): MessageText[] {
  const out: MessageText[] = [];
  for (const f of files) {
    for (const e of f.entries) {
      const kind = e.kind as CodeKind;
      if (KINDS.has(kind)) out.push({ kind, value: parseInt(e.value, 16) >>> 0, lang: f.lang, text: e.text });
    }
  }
  return out;
}

const KINDS = new Set<CodeKind>(['hresult', 'win32', 'ntstatus']);

/**
 * Builds the message tables from the generated files. Per value and language the first text is
 * shown, except that Windows' own wording replaces a documentation translation.
 */
export function buildMessageTables(files: readonly MessageFile[]): MessageTables {
  const byKey = new Map<string, { texts: Record<string, string>; translated: string[] }>();
  for (const f of files) {
    const mt = f.machineTranslated === true;
    for (const e of f.entries) {
      const kind = e.kind as CodeKind;
      if (!KINDS.has(kind)) continue;
      const value = parseInt(e.value, 16) >>> 0;
      const key = `${kind}:${value}`;
      let known = byKey.get(key);
      if (!known) byKey.set(key, (known = { texts: {}, translated: [] }));
      const wasTranslated = known.translated.includes(f.lang);
      if (!(f.lang in known.texts) || (wasTranslated && !mt)) {
        known.texts[f.lang] = e.text;
        if (mt) known.translated.push(f.lang);
        else if (wasTranslated) known.translated = known.translated.filter((l) => l !== f.lang);
      }
    }
  }
  for (const m of byKey.values()) Object.freeze(m.texts);
  const get = (kind: CodeKind, value: number) => byKey.get(`${kind}:${value >>> 0}`);
  return {
    of(kind, value) {
      const own = get(kind, value);
      if (kind !== 'hresult') return own;
      // FormatMessage of an HRESULT that wraps a Win32 error or an NTSTATUS prints theirs
      // ("Access is denied." for 0x80070005, not the header's "General access denied error").
      const w = wrappedCode(value);
      const wrapped = w && get(w.kind, w.value);
      if (!wrapped || !own) return wrapped ?? own;
      const translated = [...own.translated.filter((l) => !(l in wrapped.texts)), ...wrapped.translated];
      return { texts: Object.freeze({ ...own.texts, ...wrapped.texts }), translated };
    },
  };
}
