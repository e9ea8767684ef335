// Builds the engine's indexes once, at start-up, from the generated codes and the articles.
import { buildArticleIndex, type ArticleIndex } from './catalog/article-index';
import type { Article } from './catalog/schema';
import { buildCodeTables, CORE_HEADERS, type CodeFiles, type CodeKind, type CodeTables } from './codes/code-tables';
import { kindOf } from './codes/decode';
import type { Engine } from './lookup';
import { buildWordIndex, type WordDoc } from './match-words';
import { buildMessageIndex, type MessageIndex, type MessageText } from './messages/message-index';
import { buildMessageTables, messageTexts, type MessageFile } from './messages/message-tables';

/** "TRUST_E_SUBJECT_NOT_TRUSTED" → "trust subject not trusted"; "hrFileNotFound" → "hr file not found". */
export function humaniseName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[_\s]+/)
    .filter((w) => w.length > 1)
    .join(' ')
    .toLowerCase();
}

function articleDocs(articles: readonly Article[]): WordDoc[] {
  const docs: WordDoc[] = [];
  for (const a of articles) {
    const texts = [a.title.en, a.title.es, ...(a.messages?.en ?? []), ...(a.messages?.es ?? []), ...a.aliases.en, ...a.aliases.es];
    // Titles end with the code in brackets; the words are what matter here.
    for (const t of texts) docs.push({ key: a.id, text: t.replace(/\(0x[0-9A-Fa-f]{8}\)/g, '').trim() });
  }
  return docs;
}

const CODE_IN_TEXT = /\b0x[0-9A-Fa-f]{8}\b|\b[0-9A-Fa-f]{8}\b/g;
/** An article message shorter than this, once its code is gone, says too little to find anything. */
const MIN_ARTICLE_MESSAGE_WORDS = 3;

/**
 * The texts the message index searches besides the generated tables: stop-code names written in
 * words ("SYSTEM THREAD EXCEPTION NOT HANDLED", "video TDR failure"), and the messages curated in
 * the articles, which carry the wording a localised Windows really prints where the tables only
 * have a documentation translation ("No se puede establecer una conexión ya que…").
 */
function extraMessageTexts(tables: CodeTables, articles: ArticleIndex): MessageText[] {
  const out: MessageText[] = [];
  for (const [value, names] of tables.bugcheck) for (const n of names) out.push({ kind: 'bugcheck', value, lang: 'en', text: humaniseName(n) });
  for (const a of articles.articles) {
    // A family's messages are its whole family's ("Your PC ran into a problem"): no one code.
    if (a.codes.some((c) => 'range' in c || 'bugcheckRange' in c)) continue;
    const value = articles.primaryCode(a) >>> 0;
    const kind: CodeKind = 'bugcheck' in a.codes[0]! ? 'bugcheck' : kindOf(tables, value, !tables.ntstatus.has(value));
    for (const lang of ['en', 'es'] as const) {
      for (const text of a.messages?.[lang] ?? []) {
        // "Error code: 0x800704CF" is a code, found as one; as words it would only match other codes.
        const words = text.replace(CODE_IN_TEXT, ' ').trim();
        if (words.split(/\s+/).length >= MIN_ARTICLE_MESSAGE_WORDS) out.push({ kind, value, lang, text: words });
      }
    }
  }
  return out;
}

export interface BuildOptions {
  /** Builds (or loads) the message index over these texts; buildMessageIndex by default. */
  messageIndex: (texts: readonly MessageText[]) => MessageIndex;
}

/** Builds every index the engine needs. */
export function buildEngine(codeFiles: CodeFiles, articles: readonly Article[], messageFiles: readonly MessageFile[] = [], options: Partial<BuildOptions> = {}): Engine {
  const indexMessages = options.messageIndex ?? ((texts: readonly MessageText[]) => buildMessageIndex(texts));
  const tables = buildCodeTables(codeFiles);
  const messages = buildMessageTables(messageFiles);
  // Core headers' names first, so that a tie between E_ACCESSDENIED and STG_E_ACCESSDENIED goes
  // to the one in winerror.h.
  const core = (h: string) => (CORE_HEADERS.has(h) ? 0 : 1);
  const ordered = [...tables.all].sort((a, b) => core(a.header) - core(b.header));
  const names = [...new Set(ordered.map((c) => c.name))];
  const articleIndex = buildArticleIndex(articles);
  return {
    tables,
    articles: articleIndex,
    articleWords: buildWordIndex(articleDocs(articles)),
    nameWords: buildWordIndex(names.map((n) => ({ key: n, text: humaniseName(n) }))),
    messages,
    messageIndex: indexMessages([...messageTexts(messageFiles), ...extraMessageTexts(tables, articleIndex)]),
  };
}
