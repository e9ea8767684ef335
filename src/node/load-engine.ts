// Loads the generated code catalog and the knowledge files from disk and builds the engine.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEngine } from '../engine/build-engine';
import type { CodeFile, CodeFileEntry, CodeFiles } from '../engine/codes/code-tables';
import type { MessageFile } from '../engine/messages/message-tables';
import type { Engine } from '../engine/lookup';
import type { Article } from '../engine/catalog/schema';
import type { Knowledge } from '../engine/catalog/validate-knowledge';
import { cachedMessageIndex, type CachedIndex } from './message-index-cache';
import { readKnowledge } from './read-knowledge';
import { parse } from 'yaml';
import { stringsSchema, type Strings } from '../conversation/strings';
import { CARD_VIEWS, type Templates } from '../render/render-reply';

/** The project root: where catalog/ and dialogs/ live, whether run from src/ or dist/src/. */
export function projectRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    try {
      readFileSync(join(dir, 'package.json'));
      return dir;
    } catch {
      dir = join(dir, '..');
    }
  }
  return process.cwd();
}

/**
 * Reads catalog/codes/*.json. The names Microsoft's documentation gives to values the headers
 * lack (names-docs.json) join the headers' own, with the page as their header.
 */
export function readCodeFiles(root: string): CodeFiles {
  const read = (f: string) => JSON.parse(readFileSync(join(root, 'catalog', 'codes', f), 'utf8')) as CodeFile;
  const documented = (JSON.parse(readFileSync(join(root, 'catalog', 'codes', 'names-docs.json'), 'utf8')) as { entries: (CodeFileEntry & { kind: string })[] }).entries;
  const withDocumented = (file: CodeFile): CodeFile => ({
    ...file,
    entries: [...file.entries, ...documented.filter((e) => e.kind === file.kind).map(({ value, name, header }) => ({ value, name, header }))],
  });
  return {
    hresult: withDocumented(read('hresult.json')),
    win32: withDocumented(read('win32.json')),
    ntstatus: read('ntstatus.json'),
    facilities: read('facilities.json'),
    ntFacilities: read('nt-facilities.json'),
    bugcheck: read('bugcheck.json'),
  };
}

/** Reads catalog/codes/messages-*.json: English first, then the other languages by name. */
export function readMessageFiles(root: string): MessageFile[] {
  const dir = join(root, 'catalog', 'codes');
  const names = readdirSync(dir)
    .filter((f) => /^messages-[A-Za-z-]+\.json$/.test(f))
    .sort((a, b) => (a === 'messages-en.json' ? -1 : b === 'messages-en.json' ? 1 : a.localeCompare(b)));
  return names.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as MessageFile);
}

export interface LoadedEngine {
  engine: Engine;
  knowledge: Knowledge;
  /** Whether the message index was loaded from its saved copy or built (and saved). */
  messageIndex: CachedIndex['source'];
}

/** Where built message indexes are kept between starts: beside the other tools' caches. */
export function indexCacheDir(root: string): string {
  return join(root, 'node_modules', '.cache', 'helpdesk-triage');
}

/** Builds the engine with the message index saved in (or loaded from) `cacheDir`. */
export function buildEngineWithSavedIndex(codeFiles: CodeFiles, articles: readonly Article[], messageFiles: readonly MessageFile[], cacheDir: string): Omit<LoadedEngine, 'knowledge'> {
  let source: CachedIndex['source'] = 'built';
  const engine = buildEngine(codeFiles, articles, messageFiles, {
    messageIndex: (texts) => {
      const cached = cachedMessageIndex(texts, cacheDir);
      source = cached.source;
      return cached.index;
    },
  });
  return { engine, messageIndex: source };
}

/** Reads and validates everything and builds the engine; throws KnowledgeError on bad data. */
export function loadEngine(root = projectRoot(), cacheDir = indexCacheDir(root)): LoadedEngine {
  const knowledge = readKnowledge(root);
  return { ...buildEngineWithSavedIndex(readCodeFiles(root), knowledge.articles, readMessageFiles(root), cacheDir), knowledge };
}

/** Reads dialogs/strings.yaml, the bot's own sentences. */
export function readStrings(root = projectRoot()): Strings {
  return stringsSchema.parse(parse(readFileSync(join(root, 'dialogs', 'strings.yaml'), 'utf8')));
}

/** Reads the card templates in cards/. */
export function readTemplates(root = projectRoot()): Templates {
  return Object.fromEntries(CARD_VIEWS.map((v) => [v, JSON.parse(readFileSync(join(root, 'cards', `${v}.json`), 'utf8')) as object])) as Templates;
}
