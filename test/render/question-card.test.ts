// Every question the bot can ask, as a card: each answer is a button the user can see and click.
import { readTemplates } from '../../src/node/load-engine';
import { expandCard } from '../../src/render/render-reply';
import { Chat, realDeps } from '../support/conversation';
import { sdkProblems } from './inspect-card';

const templates = readTemplates();

/** The question card for each fact, asked through "change this answer" during a real triage. */
function questionCards(locale: string) {
  return realDeps().knowledge.facts.map((fact) => {
    const chat = new Chat(locale);
    chat.send('0x800B0004');
    chat.click({ verb: 'change-fact', fact: fact.id });
    const q = chat.last.find((r) => r.view === 'question');
    return { fact: fact.id, reply: q, card: q?.view === 'question' ? expandCard(templates, 'question', q) : undefined };
  });
}

test('every fact can be asked as a question card', () => {
  const missing = questionCards('en-US').filter((c) => c.reply?.view !== 'question' || c.reply.fact !== c.fact);
  expect(missing.map((c) => c.fact)).toEqual([]);
});

// Teams shows six buttons in a row: network-path, onset and os-version have six answers plus
// "I don't know", so cards/question.json puts the seventh on a second row.
test('every answer of every question is a visible button (Teams shows six in a row)', () => {
  const problems = ['en-US', 'es-ES'].flatMap((locale) =>
    questionCards(locale).flatMap((c) => (c.card ? sdkProblems(c.card).map((p) => `${locale} ${c.fact}: ${p}`) : [])),
  );
  expect(problems).toEqual([]);
});
