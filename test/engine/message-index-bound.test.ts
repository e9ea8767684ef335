// Candidates that cannot reach the quality threshold are not aligned (skipHopeless). That must
// change the time only: every lookup answers exactly as it does when every candidate is aligned.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildEngine } from '../../src/engine/build-engine';
import { lookup } from '../../src/engine/lookup';
import { buildMessageIndex } from '../../src/engine/messages/message-index';
import { readCodeFiles, readMessageFiles } from '../../src/node/load-engine';
import { realEngine } from '../support/engine';

const root = join(__dirname, '..', '..');
const { engine, knowledge } = realEngine();
const messageFiles = readMessageFiles(root);
const everyCandidate = buildEngine(readCodeFiles(root), knowledge.articles, messageFiles, {
  messageIndex: (texts) => buildMessageIndex(texts, { skipHopeless: false }),
});

/** The same pseudo-random sequence every run. */
function random(seed: number): () => number {
  let x = seed;
  return () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

/** Pastes as users make them from the catalog's messages: cut short, in prose, two at once. */
function derivedPastes(count: number): string[] {
  const texts = messageFiles.flatMap((f) => f.entries.map((e) => e.text));
  const next = random(42);
  const pick = () => texts[Math.floor(next() * texts.length)]!;
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const words = pick().split(' ');
    const cut = words.slice(0, Math.max(3, Math.ceil(words.length * (0.3 + 0.7 * next())))).join(' ');
    out.push(k % 3 === 0 ? cut : k % 3 === 1 ? `The installer stopped: "${cut}" and then ${pick().slice(0, 80)}` : `${pick()}\n${cut}\nat line ${k}`);
  }
  return out;
}

function realPastes(): string[] {
  const cases = parse(readFileSync(join(root, 'test', 'fixtures', 'accuracy', 'cases.yaml'), 'utf8')) as { cases?: { text: string }[] } | { text: string }[];
  const list = Array.isArray(cases) ? cases : (cases.cases ?? []);
  const logsDir = join(root, 'test', 'fixtures', 'logs');
  const logs = readdirSync(logsDir)
    .filter((f) => !f.endsWith('.md'))
    .map((f) => readFileSync(join(logsDir, f), 'utf8').slice(0, 28_000));
  return [...list.map((c) => c.text), ...logs];
}

test('the accuracy set and the fixture logs get the same answers as with every candidate aligned', () => {
  const pastes = realPastes();
  expect(pastes.length).toBeGreaterThan(200);
  for (const text of pastes) expect({ text, r: lookup(engine, text) }).toEqual({ text, r: lookup(everyCandidate, text) });
});

test('messages cut short, in prose and two at once get the same messages found', () => {
  const pastes = derivedPastes(600);
  let found = 0;
  for (const text of pastes) {
    const hits = engine.messageIndex.search(text);
    expect({ text, hits }).toEqual({ text, hits: everyCandidate.messageIndex.search(text) });
    if (hits.length > 0) found++;
  }
  // The comparison is only worth something if most of these pastes find a message.
  expect(found).toBeGreaterThan(pastes.length * 0.8);
});
