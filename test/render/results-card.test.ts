// The results card for every cause of every article in the catalog, in English and Spanish, reached
// through the real conversation and filled from the real template: it fits in a Teams message,
// the SDK reads it cleanly, and each step shows its flags where the user reads the step.
import type { Article } from '../../src/engine/catalog/schema';
import { formatCode } from '../../src/engine/codes/decode';
import type { Reply } from '../../src/conversation/types';
import { readTemplates } from '../../src/node/load-engine';
import { expandCard } from '../../src/render/render-reply';
import { Chat, realDeps } from '../support/conversation';
import { sdkProblems, stepContainer, texts } from './inspect-card';

/** Teams rejects a bot message over about 28 KB, card included. */
const TEAMS_MESSAGE_LIMIT = 28 * 1024;

type Results = Extract<Reply, { view: 'results' }>;
interface Shown {
  where: string;
  locale: 'en' | 'es';
  reply: Results;
  card: object;
  bytes: number;
}

// What the user reads, as dialogs/strings.yaml words it.
const ADMIN = { en: 'Needs admin rights', es: 'Requiere administrador' };
const REGISTRY = { en: 'Changes the registry', es: 'Modifica el registro' };
const RISK = {
  en: { safe: 'Safe, changes nothing', 'changes-system': 'Changes the system', destructive: 'Deletes data' },
  es: { safe: 'Seguro, no cambia nada', 'changes-system': 'Cambia el sistema', destructive: 'Borra datos' },
};


/**
 * Pastes the article's code, answers every question, then says "not fixed" to each cause in
 * turn. Answers that move some cause are preferred: each adds a reason to the "why" lines, so
 * the cards come out as long as real ones get.
 */
function everyResultsCard(article: Article, locale: 'en' | 'es'): Results[] {
  const chat = new Chat(locale === 'es' ? 'es-ES' : 'en-US');
  const code = formatCode(realDeps().engine.articles.primaryCode(article));
  // A stop code is pasted as the blue screen shows it; other codes as they are.
  const first = article.codes[0]!;
  chat.send('bugcheck' in first || 'bugcheckRange' in first ? `Stop code: ${code}` : code);
  for (let asked = 0; asked < 50; asked++) {
    const q = chat.last.find((r) => r.view === 'question');
    if (q?.view !== 'question') break;
    const moving = q.answers.find((a) => article.causes.some((c) => (c.factors[q.fact]?.[a.value] ?? 1) !== 1));
    chat.click({ verb: 'answer', fact: q.fact, value: (moving ?? q.answers[0]!).value });
  }
  const shown: Results[] = [];
  for (;;) {
    const r = chat.last.find((x) => x.view === 'results');
    if (r?.view !== 'results') return shown;
    shown.push(r);
    chat.click({ verb: 'outcome', causeIndex: r.causeIndex, outcome: 'not-fixed' });
  }
}

const templates = readTemplates();
const shown: Shown[] = [];

beforeAll(() => {
  for (const article of realDeps().engine.articles.articles) {
    for (const locale of ['en', 'es'] as const) {
      for (const reply of everyResultsCard(article, locale)) {
        const card = expandCard(templates, 'results', reply);
        shown.push({ where: `${locale} ${article.id}/${reply.current.cause}`, locale, reply, card, bytes: Buffer.byteLength(JSON.stringify(card)) });
      }
    }
  }
  // About 500 cards through the templating engine: seconds, not the default 5.
}, 120_000);

test('every cause of every article reaches a results card, in both languages', () => {
  const expected = realDeps().engine.articles.articles.flatMap((a) => a.causes.flatMap((c) => [`en ${a.id}/${c.id}`, `es ${a.id}/${c.id}`]));
  expect(shown.map((s) => s.where).sort()).toEqual(expected.sort());
});

test('even the longest results card fits in a Teams message', () => {
  const tooBig = shown.filter((s) => s.bytes >= TEAMS_MESSAGE_LIMIT).map((s) => `${s.where}: ${s.bytes} bytes`);
  expect(tooBig).toEqual([]);
});

test('every results card parses in the Adaptive Cards SDK without a warning', () => {
  const problems = shown.flatMap((s) => sdkProblems(s.card).map((p) => `${s.where}: ${p}`));
  expect(problems).toEqual([]);
});

describe('each step shows its flags beside it', () => {
  const steps = () =>
    shown.flatMap((s) =>
      s.reply.steps.map((step) => ({ where: `${s.where} step ${step.n}`, locale: s.locale, step, seen: texts(stepContainer(s.card, step.n, step.title)) })),
    );

  test('"Needs admin rights" on exactly the steps that need them', () => {
    const all = steps();
    expect(all.filter((x) => x.step.admin).length).toBeGreaterThan(0);
    const wrong = all.filter((x) => x.seen.includes(ADMIN[x.locale]) !== x.step.admin).map((x) => x.where);
    expect(wrong).toEqual([]);
  });

  test('"Changes the registry" on exactly the steps that do', () => {
    const wrong = steps()
      .filter((x) => x.seen.includes(REGISTRY[x.locale]) !== x.step.registry)
      .map((x) => x.where);
    expect(wrong).toEqual([]);
  });

  test('the risk label on every step, so a step that changes the system or deletes data says so', () => {
    const all = steps();
    expect(all.filter((x) => x.step.risk !== 'safe').length).toBeGreaterThan(0);
    const wrong = all.filter((x) => !x.seen.includes(RISK[x.locale][x.step.risk])).map((x) => `${x.where} (${x.step.risk})`);
    expect(wrong).toEqual([]);
  });

  test('for 0x800B0004 in English, as a user reads it', () => {
    const cards = shown.filter((s) => s.where.startsWith('en trust-subject-not-trusted/'));
    const admin = cards.flatMap((s) => s.reply.steps.filter((st) => st.admin && st.risk !== 'safe').map((st) => texts(stepContainer(s.card, st.n, st.title))))[0];
    expect(admin).toEqual(expect.arrayContaining(['Needs admin rights', expect.stringMatching(/^(Changes the system|Deletes data)$/)]));
    const safe = cards.flatMap((s) => s.reply.steps.filter((st) => !st.admin && st.risk === 'safe').map((st) => texts(stepContainer(s.card, st.n, st.title))))[0];
    expect(safe).toContain('Safe, changes nothing');
    expect(safe).not.toContain('Needs admin rights');
  });
});
