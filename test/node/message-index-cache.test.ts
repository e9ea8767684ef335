// The saved message index: the next start loads it instead of building it, finds exactly what the
// built one finds, and a changed text, a damaged file or a read-only folder fall back to a build.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMessageIndex, type MessageText } from '../../src/engine/messages/message-index';
import { messageTexts } from '../../src/engine/messages/message-tables';
import { cachedMessageIndex } from '../../src/node/message-index-cache';
import { projectRoot, readMessageFiles } from '../../src/node/load-engine';

let dir: string;
let texts: MessageText[];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'index-cache-'));
  // Two languages' tables: enough to share words, fast enough for a test.
  texts = messageTexts(readMessageFiles(projectRoot()).filter((f) => ['en', 'es'].includes(f.lang)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pastes = [
  'The specified service does not exist as an installed service.',
  'Exception: Access is denied. while copying C:\\Users\\ana\\report.xlsx',
  'El sistema no puede encontrar el archivo especificado',
  'sc start spooler → The service did not respond to the start or control request in a timely fashion',
  '[WinError 10061] No connection could be made because the target machine actively refused it',
  'nothing to see here, just a sentence about the weather',
];

test('the second start loads the saved index, and it finds what the built one finds', () => {
  const here = join(dir, 'same');
  const first = cachedMessageIndex(texts, here);
  const second = cachedMessageIndex(texts, here);
  expect([first.source, second.source]).toEqual(['built', 'loaded']);
  const built = buildMessageIndex(texts);
  expect(second.index.templates).toBe(built.templates);
  for (const p of pastes) expect(second.index.search(p)).toEqual(built.search(p));
  expect(second.index.search(pastes[0]!)[0]?.codes).toContainEqual({ kind: 'win32', value: 1060, lang: 'en' });
});

test('an edited text gets an index of its own, and the old one is removed', () => {
  const here = join(dir, 'edited');
  cachedMessageIndex(texts, here);
  const edited = texts.map((t) => (t.kind === 'win32' && t.value === 1060 && t.lang === 'en' ? { ...t, text: 'This service is not installed on the computer.' } : t));
  const again = cachedMessageIndex(edited, here);
  expect(again.source).toBe('built');
  expect(again.index.search('This service is not installed on the computer.')[0]?.codes).toContainEqual({ kind: 'win32', value: 1060, lang: 'en' });
  expect(readdirSync(here)).toHaveLength(1);
});

test('a damaged file is built again instead of breaking the start', () => {
  const here = join(dir, 'damaged');
  cachedMessageIndex(texts, here);
  const [file] = readdirSync(here);
  writeFileSync(join(here, file!), Buffer.from('not an index at all'));
  const again = cachedMessageIndex(texts, here);
  expect(again.source).toBe('built');
  expect(again.index.search(pastes[1]!).length).toBeGreaterThan(0);
  expect(cachedMessageIndex(texts, here).source).toBe('loaded');
});

test('a place it cannot write to still gives a working index, built at each start', () => {
  // A folder under a file cannot be created, whoever runs the bot (root included).
  const blocker = join(dir, 'a-file');
  writeFileSync(blocker, 'x');
  const here = join(blocker, 'cache');
  const runs = [cachedMessageIndex(texts, here), cachedMessageIndex(texts, here)];
  expect(runs.map((r) => r.source)).toEqual(['built', 'built']);
  expect(runs[1]!.index.search(pastes[2]!).length).toBeGreaterThan(0);
});
