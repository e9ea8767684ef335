// Word matching, for text that holds no code: what the user typed ("access is denied", a typo, a
// Spanish phrase) leads to the right error and article; noise leads nowhere; the order is stable.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { lookup } from '../../src/engine/lookup';
import { buildWordIndex, normalise } from '../../src/engine/match-words';
import { realEngine } from '../support/engine';

const { engine } = realEngine();
const first = (text: string) => lookup(engine, text).matches[0];

describe('what the user typed leads to the error', () => {
  // [typed, code, the name the user sees]
  test.each([
    ['access is denied', '0x80070005', 'E_ACCESSDENIED'],
    ['Access Denied!', '0x80070005', 'E_ACCESSDENIED'],
    ['acess denied', '0x80070005', 'E_ACCESSDENIED'], // one letter missing
    ['acces denied', '0x80070005', 'E_ACCESSDENIED'],
    ['subject not trusted', '0x800B0004', 'TRUST_E_SUBJECT_NOT_TRUSTED'],
    ['the subject is not trusted', '0x800B0004', 'TRUST_E_SUBJECT_NOT_TRUSTED'],
    ['The subject is not trusted for the specified action.', '0x800B0004', 'TRUST_E_SUBJECT_NOT_TRUSTED'],
  ])('%j → %s %s', (text, code, name) => {
    const m = first(text)!;
    // Windows' own message may find it first, as the Win32 error the HRESULT wraps.
    expect(m.kind === 'win32' ? m.hresult?.code : m.code).toBe(code);
    expect([...m.names, ...(m.hresult?.names ?? [])]).toContain(name);
    expect(['text', 'message']).toContain(m.source);
  });

  test('"subject not trusted" leads to the curated article', () => {
    expect(first('subject not trusted')?.article).toBe('trust-subject-not-trusted');
  });

  test('a word match is never as sure as a code', () => {
    for (const text of ['access is denied', 'subject not trusted']) {
      for (const m of lookup(engine, text).matches) expect(m.score).toBeLessThan(0.95);
    }
    expect(first('0x800B0004')?.score).toBeGreaterThan(first('subject not trusted')!.score);
  });
});

describe('Spanish phrases of trust-subject-not-trusted.yaml', () => {
  type ArticleFile = { aliases: { es: string[] }; messages: { es: string[] } };
  const file = join(__dirname, '..', '..', 'catalog', 'articles', 'trust-subject-not-trusted.yaml');
  const article = parse(readFileSync(file, 'utf8')) as ArticleFile;
  const phrases = [...article.aliases.es, ...article.messages.es];

  test('the article has Spanish aliases to test', () => {
    expect(article.aliases.es.length).toBeGreaterThan(0);
  });

  test.each(phrases)('%j finds the article', (phrase) => {
    expect(first(phrase)).toMatchObject({ article: 'trust-subject-not-trusted', code: '0x800B0004' });
  });

  test('without accents and in capitals it still finds it', () => {
    const phrase = normalise(article.aliases.es[0]!).toUpperCase();
    expect(first(phrase)?.article).toBe('trust-subject-not-trusted');
  });
});

describe('noise finds nothing', () => {
  test.each([
    'qwzxv plorft',
    'zzzzzz qqqqq',
    'xkcd blorp vrrm',
    // Only words that say nothing about which error it is.
    'windows error help please',
    'el error de windows, ayuda por favor',
    'not',
  ])('%j', (text) => {
    expect(lookup(engine, text)).toEqual({ matches: [] });
  });
});

describe('the order is deterministic', () => {
  test.each(['access is denied', 'acess denied', 'subject not trusted', 'file not found', 'archivo no encontrado', 'certificate'])(
    '%j twice gives the same list',
    (text) => {
      const a = lookup(engine, text, { limit: 20 });
      const b = lookup(engine, text, { limit: 20 });
      expect(a.matches.length).toBeGreaterThan(0);
      expect(b).toEqual(a);
      const scores = a.matches.map((m) => m.score);
      expect(scores).toEqual([...scores].sort((x, y) => y - x));
    },
  );

  test('two indexes built from the same documents rank alike, ties to the earlier document', () => {
    const docs = [
      { key: 'b', text: 'printer offline' },
      { key: 'a', text: 'printer offline' },
      { key: 'c', text: 'printer driver missing' },
      { key: 'd', text: 'disk full' },
    ];
    const one = buildWordIndex(docs).search('printer offline', 10);
    const two = buildWordIndex(docs).search('printer offline', 10);
    expect(two).toEqual(one);
    expect(one.map((h) => h.key).slice(0, 2)).toEqual(['b', 'a']);
    expect(one.map((h) => h.key)).not.toContain('d');
  });
});

describe('the word index on its own', () => {
  const index = buildWordIndex([
    { key: 'denied', text: 'access denied' },
    { key: 'untrusted', text: 'trust subject not trusted' },
    { key: 'missing', text: 'el archivo no se encontró' },
  ]);

  test.each([
    ['access is denied', 'denied'],
    ['acess denied', 'denied'],
    ['subject not trusted', 'untrusted'],
    ['archivo no se encontro', 'missing'], // accents ignored
    ['ARCHIVO NO SE ENCONTRÓ', 'missing'],
  ])('%j → %s', (query, key) => {
    const [hit] = index.search(query);
    expect(hit?.key).toBe(key);
    expect(hit!.score).toBeGreaterThan(0);
    expect(hit!.score).toBeLessThanOrEqual(1);
  });

  test('stop words and negations alone match nothing', () => {
    expect(index.search('the error with windows')).toEqual([]);
    expect(index.search('not no')).toEqual([]);
    expect(index.search('')).toEqual([]);
  });

  test('the limit is respected and each key is listed once', () => {
    const hits = buildWordIndex([
      { key: 'x', text: 'network down' },
      { key: 'x', text: 'network unreachable' },
      { key: 'y', text: 'network slow' },
      { key: 'z', text: 'network reset' },
    ]).search('network', 2);
    expect(hits).toHaveLength(2);
    expect(new Set(hits.map((h) => h.key)).size).toBe(2);
  });
});
