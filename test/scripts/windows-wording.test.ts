// The real-wording message files (catalog/codes/messages-windows-<lang>.json): every text is a
// quotation of what a localised Windows prints, so each one must name a value the code tables
// know, be backed by at least two different public pages, and never lean on a page of the
// accuracy set (the bot would then be graded on the very pastes it was taught).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCodeFiles } from '../../src/node/load-engine';

interface WordingEntry {
  kind: string;
  value: string;
  text: string;
  sources: string[];
}
interface WordingFile {
  lang: string;
  machineTranslated: boolean;
  entries: WordingEntry[];
}

const root = join(__dirname, '..', '..');
const codesDir = join(root, 'catalog', 'codes');
const wordingFiles = readdirSync(codesDir).filter((f) => /^messages-windows-[A-Za-z-]+\.json$/.test(f));

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(codesDir, file), 'utf8')) as T;
}

// The tables the bot reads: the headers' values and those only the documentation names.
const codeFiles = readCodeFiles(root);
const known = new Map<string, Set<string>>(
  (['win32', 'hresult', 'ntstatus'] as const).map((kind) => [kind, new Set(codeFiles[kind].entries.map((e) => e.value))]),
);

// Page addresses compare without a trailing slash, a fragment or letter case.
const normalise = (url: string) => url.trim().replace(/#.*$/, '').replace(/\/+$/, '').toLowerCase();
const accuracyUrls = new Set(
  (readFileSync(join(root, 'test', 'fixtures', 'accuracy', 'cases.yaml'), 'utf8').match(/https?:\/\/[^\s"'<>)]+/g) ?? []).map(normalise),
);

describe('real Windows wording files', () => {
  it('exist for every translated language but Traditional Chinese', () => {
    const langs = ['de', 'es', 'fr', 'it', 'pt-BR', 'ru', 'zh-CN'];
    expect(wordingFiles).toEqual(expect.arrayContaining(langs.map((l) => `messages-windows-${l}.json`)));
  });

  describe.each(wordingFiles)('%s', (file) => {
    const data = readJson<WordingFile>(file);

    it('is in its own language and not marked as a machine translation', () => {
      expect(file).toBe(`messages-windows-${data.lang}.json`);
      expect(data.machineTranslated).toBe(false);
      expect(data.entries.length).toBeGreaterThan(0);
    });

    it.each(data.entries.map((e) => [`${e.kind} ${e.value}`, e] as const))('%s names a value of the code tables, once', (_, e) => {
      expect(e.value).toMatch(/^0x[0-9A-F]{8}$/);
      expect(known.get(e.kind)?.has(e.value)).toBe(true);
      expect(data.entries.filter((o) => o.kind === e.kind && o.value === e.value)).toHaveLength(1);
      expect(e.text.trim()).not.toBe('');
    });

    it.each(data.entries.map((e) => [`${e.kind} ${e.value}`, e] as const))('%s has two distinct sources outside the accuracy set', (_, e) => {
      const urls = new Set(e.sources.map(normalise));
      expect(urls.size).toBeGreaterThanOrEqual(2);
      for (const url of urls) {
        expect(url).toMatch(/^https:\/\//);
        expect(accuracyUrls.has(url)).toBe(false);
      }
    });
  });
});
