// A lead's mistakes in the YAML stop the bot with every problem named by file and field.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { KnowledgeError, validateKnowledge } from '../../src/engine/catalog/validate-knowledge';

const root = join(__dirname, '..', '..');
const good = parse(readFileSync(join(root, 'catalog/articles/trust-subject-not-trusted.yaml'), 'utf8')) as Record<string, unknown>;
const facts = ['network-path', 'scope', 'clock-correct', 'security-software', 'join-state', 'update-management', 'onset', 'disk-space'].map((f) => ({
  path: `dialogs/facts/${f}.yaml`,
  data: parse(readFileSync(join(root, `dialogs/facts/${f}.yaml`), 'utf8')) as unknown,
}));

const commands = readdirSync(join(root, 'catalog/commands')).map((f) => ({
  path: `catalog/commands/${f}`,
  data: parse(readFileSync(join(root, 'catalog/commands', f), 'utf8')) as unknown,
}));

function problemsOf(article: unknown, path = 'catalog/articles/trust-subject-not-trusted.yaml', extra: { path: string; data: unknown; parseError?: string }[] = []): string[] {
  try {
    validateKnowledge({ articles: [{ path, data: article }, ...extra], facts, commands });
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(KnowledgeError);
    return [...(e as KnowledgeError).problems];
  }
}

test('the real article validates', () => {
  expect(problemsOf(good)).toEqual([]);
});

test('every mistake in a file is reported at once, each with its file and field', () => {
  const causes = structuredClone(good.causes) as Record<string, unknown>[];
  const steps = causes[1]!.steps as Record<string, unknown>[];
  steps[0] = { ...steps[0], risk: 'changes-system', warning: { en: 'It changes things.' }, undo: { en: 'Change them back.' } };
  causes[2]!.factors = { 'network-path': { 'carrier-pigeon': 2 } };
  causes[3]!.factors = { 'moon-phase': { full: 3 } };
  const bad = { ...good, codes: [{ code: '0x800b0004', names: [] }], title: { en: 'Only English' }, causes };
  const problems = problemsOf(bad);
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^catalog\/articles\/trust-subject-not-trusted\.yaml: codes\.0\.code: must be 0x followed by 8 upper-case hex digits/),
      expect.stringMatching(/^catalog\/articles\/trust-subject-not-trusted\.yaml: title\.es: /),
    ]),
  );
  // Schema problems stop further checks of that file; fix them and the cross-checks speak.
  const crossChecked = problemsOf({ ...good, causes });
  expect(crossChecked).toEqual([
    'catalog/articles/trust-subject-not-trusted.yaml: causes.1.steps.0: the first step must be safe (it is changes-system)',
    'catalog/articles/trust-subject-not-trusted.yaml: causes.2.factors.network-path.carrier-pigeon: "carrier-pigeon" is not a value of network-path (direct, explicit-proxy, pac, tls-inspection, vpn, offline)',
    'catalog/articles/trust-subject-not-trusted.yaml: causes.3.factors.moon-phase: no fact "moon-phase" in dialogs/facts/',
  ]);
});

test('broken YAML, a file named unlike its id, and a code claimed twice are reported', () => {
  const problems = problemsOf(good, 'catalog/articles/renamed.yaml', [
    { path: 'catalog/articles/broken.yaml', data: undefined, parseError: 'Nested mappings are not allowed at line 3' },
    { path: 'catalog/articles/copy.yaml', data: { ...good, id: 'copy' } },
  ]);
  expect(problems).toEqual([
    'catalog/articles/renamed.yaml: id: "trust-subject-not-trusted" must match the file name',
    'catalog/articles/broken.yaml: not valid YAML: Nested mappings are not allowed at line 3',
    'catalog/articles/copy.yaml: codes.0: 0x800B0004 is already covered by trust-subject-not-trusted',
  ]);
});
