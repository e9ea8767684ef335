// Narrowing on the real 0x800B0004 article: the facts a user gives move the causes the way a
// support engineer would expect, and the question picker never wastes a question.
import type { Fact } from '../../src/engine/catalog/schema';
import { buildFactDetector } from '../../src/engine/triage/detect-facts';
import { expectedGain, nextQuestion, nextQuestionRemembered } from '../../src/engine/triage/next-question';
import { candidateCauses, rankCauses, UNKNOWN, type Facts } from '../../src/engine/triage/rank-causes';
import { realEngine } from '../support/engine';

const { engine, knowledge } = realEngine();
const article = engine.articles.byId('trust-subject-not-trusted')!;
const candidates = candidateCauses([article]);
const fact = (id: string) => knowledge.facts.find((f) => f.id === id)!;
const top = (facts: Facts) => rankCauses(candidates, facts)[0]!.cause.id;
const askable = (facts: Facts, asked: string[] = []): Fact[] => knowledge.facts.filter((f) => !(f.id in facts) && !asked.includes(f.id));

describe('ranking the causes of 0x800B0004', () => {
  test.each<[string, Facts, string]>([
    ['a proxy with TLS inspection', { 'network-path': 'tls-inspection' }, 'revocation-check-blocked'],
    ['no proxy and third-party antivirus', { 'network-path': 'direct', 'security-software': 'third-party' }, 'security-software-interferes'],
    ['an isolated network', { 'network-path': 'offline', 'update-management': 'wsus' }, 'root-store-outdated'],
    ['a wrong clock', { 'clock-correct': 'no' }, 'clock-wrong'],
    ['many domain machines', { 'join-state': 'ad-domain', scope: 'many-machines', 'network-path': 'direct' }, 'domain-policy-restricts-trust'],
  ])('%s puts %s first', (_what, facts, expected) => {
    expect(top(facts)).toBe(expected);
  });

  test('probabilities sum to one and each cause says which facts moved it', () => {
    const ranked = rankCauses(candidates, { 'network-path': 'tls-inspection', 'clock-correct': 'yes' });
    expect(ranked.reduce((s, r) => s + r.probability, 0)).toBeCloseTo(1, 10);
    const revocation = ranked.find((r) => r.cause.id === 'revocation-check-blocked')!;
    expect(revocation.reasons).toEqual([{ fact: 'network-path', value: 'tls-inspection', factor: 4 }]);
    const clock = ranked.find((r) => r.cause.id === 'clock-wrong')!;
    expect(clock.reasons).toEqual([{ fact: 'clock-correct', value: 'yes', factor: 0.1 }]);
  });

  test('"I don\'t know" leaves the ranking as it was', () => {
    const before = rankCauses(candidates, { 'network-path': 'explicit-proxy' });
    const after = rankCauses(candidates, { 'network-path': 'explicit-proxy', 'security-software': UNKNOWN });
    expect(after.map((r) => [r.cause.id, r.probability])).toEqual(before.map((r) => [r.cause.id, r.probability]));
  });
});

describe('choosing the next question', () => {
  test('asks the most informative question first, and never one whose answer is known', () => {
    const first = nextQuestion(candidates, {}, askable({}), 0).question!;
    expect(first).toBeDefined();
    const known: Facts = { [first.fact.id]: first.fact.values[0]!.id };
    const second = nextQuestion(candidates, known, askable(known, [first.fact.id]), 1).question;
    expect(second?.fact.id).not.toBe(first.fact.id);
  });

  test('a question that cannot change the order of the causes has no gain and is never asked', () => {
    // No cause of this article depends on the account type.
    expect(expectedGain(candidates, {}, fact('account-type'))).toBe(0);
    const step = nextQuestion(candidates, {}, [fact('account-type'), fact('machine-type')], 0);
    expect(step).toEqual({ stop: 'no-useful-question' });
  });

  test('stops once a cause clearly leads, and after four questions at most', () => {
    const clear: Facts = { 'network-path': 'tls-inspection', scope: 'many-machines', onset: 'after-network-change' };
    expect(rankCauses(candidates, clear)[0]!.probability).toBeGreaterThanOrEqual(0.75);
    expect(nextQuestion(candidates, clear, askable(clear), 3).stop).toBe('confident');
    expect(nextQuestion(candidates, {}, askable({}), 4).stop).toBe('question-limit');
  });

  test('a whole triage asks each question once and ends in at most four', () => {
    const facts: Record<string, string> = {};
    const asked: string[] = [];
    for (;;) {
      const step = nextQuestion(candidates, facts, askable(facts, asked), asked.length);
      if (!step.question) break;
      expect(asked).not.toContain(step.question.fact.id);
      asked.push(step.question.fact.id);
      facts[step.question.fact.id] = UNKNOWN;
    }
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.length).toBeLessThanOrEqual(4);
  });

  test('a lead\'s fixed order is followed, skipping what is known', () => {
    const order = ['scope', 'network-path', 'clock-correct'];
    const known: Facts = { scope: 'one-machine' };
    expect(nextQuestion(candidates, known, askable(known), 1, undefined, order).question?.fact.id).toBe('network-path');
  });
});

describe('facts stated in the paste', () => {
  const detector = buildFactDetector(knowledge.facts);
  test.each<[string, Record<string, string>]>([
    ['0x800B0004 on all machines, we are behind a proxy', { scope: 'many-machines', 'network-path': 'explicit-proxy' }],
    ['Windows Server 2019, domain-joined, McAfee installed', { 'os-version': 'server-2019', 'join-state': 'ad-domain', 'security-software': 'third-party' }],
    ['no proxy here, only defender', { 'network-path': 'direct', 'security-software': 'defender-only' }],
    ['behind a proxy with SSL inspection', { 'network-path': 'tls-inspection' }],
    ['estamos detrás de un proxy y el equipo está unido al dominio', { 'network-path': 'explicit-proxy', 'join-state': 'ad-domain' }],
    ['0x800B0004 when installing the update', {}],
  ])('%s', (text, expected) => {
    const got = Object.fromEntries(detector.detect(text).map((d) => [d.fact, d.value]));
    expect(got).toEqual(expected);
  });
});

describe('the gain of a question, on every article of the catalog', () => {
  // Written the long way, from the ranking alone: the distribution over causes for each answer,
  // weighted by how likely that answer is, and zero when no answer changes the order.
  function plainGain(cands: ReturnType<typeof candidateCauses>, facts: Facts, f: Fact): number {
    const h = (ps: number[]) => -ps.filter((p) => p > 0).reduce((s, p) => s + p * Math.log2(p), 0);
    const dist = (fs: Facts) => {
      const ranked = rankCauses(cands, fs);
      return { order: ranked.map((r) => r.cause.id).join(), probs: cands.map((c) => ranked.find((r) => r.cause === c.cause)!.probability) };
    };
    const now = dist(facts);
    const answers = f.values.map((v) => dist({ ...facts, [f.id]: v.id }));
    if (answers.every((a) => a.order === now.order)) return 0;
    // An answer's weight: its base rate times how well the current belief expects it.
    const given = f.values.reduce((s, v) => s + (v.base ?? 0), 0);
    const missing = f.values.filter((v) => v.base === undefined).length;
    const raw = f.values.map((v) => v.base ?? (missing ? Math.max(0, 1 - given) / missing : 0));
    const base = raw.map((x) => x / (raw.reduce((s, y) => s + y, 0) || 1));
    const weights = (fs: Facts) => cands.map((c) => Object.entries(fs).reduce((w, [k, v]) => w * (v === UNKNOWN ? 1 : (c.cause.factors[k]?.[v] ?? 1)), c.prior));
    const mass = f.values.map((v, i) => base[i]! * weights({ ...facts, [f.id]: v.id }).reduce((s, x) => s + x, 0));
    const total = mass.reduce((s, x) => s + x, 0);
    return Math.max(0, h(now.probs) - answers.reduce((s, a, i) => s + (mass[i]! / total) * h(a.probs), 0));
  }

  test.each(engine.articles.articles.map((a) => [a.id, a] as const))('%s', (_id, a) => {
    const cands = candidateCauses([a]);
    const firstFact = knowledge.facts.find((f) => cands.some((c) => c.cause.factors[f.id]));
    const states: Facts[] = [{}, ...(firstFact ? [{ [firstFact.id]: firstFact.values[0]!.id }] : [])];
    for (const facts of states) {
      for (const f of knowledge.facts.filter((x) => !(x.id in facts))) {
        expect({ fact: f.id, gain: expectedGain(cands, facts, f) }).toEqual({ fact: f.id, gain: expect.closeTo(plainGain(cands, facts, f), 9) });
      }
    }
  });
});

describe('remembered question choices', () => {
  test('walking every article twice gives, step by step, what nextQuestion works out afresh', () => {
    for (let pass = 0; pass < 2; pass++) {
      for (const a of engine.articles.articles) {
        const cands = candidateCauses([a]);
        const facts: Record<string, string> = {};
        const asked: string[] = [];
        for (;;) {
          const fresh = nextQuestion(cands, facts, askable(facts, asked), asked.length);
          const kept = nextQuestionRemembered(cands, facts, askable(facts, asked), asked.length);
          expect({ article: a.id, step: kept.question?.fact.id ?? kept.stop }).toEqual({ article: a.id, step: fresh.question?.fact.id ?? fresh.stop });
          if (!fresh.question) break;
          expect(kept.question!.fact).toBe(fresh.question.fact);
          asked.push(fresh.question.fact.id);
          // Answer with the first value, so that the facts move the causes.
          facts[fresh.question.fact.id] = fresh.question.fact.values[0]!.id;
        }
      }
    }
  });

  test('other priors (learnt outcomes) or other causes are not served the remembered step', () => {
    const first = nextQuestionRemembered(candidates, {}, askable({}), 0).question!.fact.id;
    // Make the cause the first question would tell apart near certain: nothing is left to ask.
    const sure = candidates.map((c, i) => ({ ...c, prior: i === 0 ? 1000 : c.prior }));
    expect(nextQuestionRemembered(sure, {}, askable({}), 0)).toEqual(nextQuestion(sure, {}, askable({}), 0));
    // The same ids with factors of their own (another knowledge load) get their own answer.
    const flat = candidates.map((c) => ({ ...c, cause: { ...c.cause, factors: {} } }));
    expect(nextQuestionRemembered(flat, {}, askable({}), 0)).toEqual({ stop: 'no-useful-question' });
    expect(nextQuestionRemembered(candidates, {}, askable({}), 0).question!.fact.id).toBe(first);
  });
});
