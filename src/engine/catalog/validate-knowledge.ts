// Turns parsed knowledge files into typed, cross-checked data, or one error that lists every
// problem with its file and path, so that a lead fixes a whole batch of mistakes in one go.
import type { z } from 'zod';
import { UNKNOWN } from '../triage/rank-causes';
import { buildCommandDictionary, type CommandDictionary } from './command-dictionary';
import { checkSteps } from './check-steps';
import { articleSchema, commandSchema, factSchema, treeSchema, type Article, type CommandEntry, type Fact, type Tree } from './schema';

export interface SourceFile {
  /** Path relative to the project root, used in messages. */
  path: string;
  /** The parsed YAML, or the parse error message. */
  data: unknown;
  parseError?: string;
}

export interface Knowledge {
  articles: readonly Article[];
  facts: readonly Fact[];
  trees: readonly Tree[];
  commands: CommandDictionary;
}

export class KnowledgeError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The knowledge files have ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'KnowledgeError';
  }
}

function formatIssues(path: string, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((i) => `${path}: ${i.path.length ? i.path.join('.') : '(top)'}: ${i.message}`);
}

function baseName(path: string): string {
  return path.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '');
}

function parseAll<T>(files: readonly SourceFile[], schema: z.ZodType<T>, problems: string[]): T[] {
  const out: T[] = [];
  for (const f of files) {
    if (f.parseError) {
      problems.push(`${f.path}: not valid YAML: ${f.parseError}`);
      continue;
    }
    const r = schema.safeParse(f.data);
    if (!r.success) {
      problems.push(...formatIssues(f.path, r.error.issues));
      continue;
    }
    const data = r.data as { id?: string; name?: string };
    const [key, id] = data.id !== undefined ? ['id', data.id] : ['name', data.name];
    if (id !== baseName(f.path)) problems.push(`${f.path}: ${key}: "${id}" must match the file name`);
    out.push(r.data);
  }
  return out;
}

/** The knowledge files by folder; only the trees are optional. */
export interface KnowledgeFiles {
  articles: readonly SourceFile[];
  facts: readonly SourceFile[];
  commands: readonly SourceFile[];
  trees?: readonly SourceFile[];
}

/** Validates article, fact, command and tree files together; throws KnowledgeError listing every problem. */
export function validateKnowledge(files: KnowledgeFiles): Knowledge {
  const problems: string[] = [];
  const facts = parseAll(files.facts, factSchema, problems);
  const articles = parseAll(files.articles, articleSchema, problems);
  const trees = parseAll(files.trees ?? [], treeSchema, problems);
  const entries: CommandEntry[] = parseAll(files.commands, commandSchema, problems);
  const { dictionary: commands, clashes } = buildCommandDictionary(entries);
  problems.push(...clashes.map((c) => `catalog/commands: ${c}`));
  const factById = new Map(facts.map((f) => [f.id, f]));
  const codeOwner = new Map<string, string>();
  const pathOf = (a: Article) => `catalog/articles/${a.id}.yaml`;

  for (const f of facts) {
    const ids = f.values.map((v) => v.id);
    if (ids.includes(UNKNOWN)) problems.push(`dialogs/facts/${f.id}.yaml: values: "${UNKNOWN}" is reserved for "I don't know"`);
    if (new Set(ids).size !== ids.length) problems.push(`dialogs/facts/${f.id}.yaml: values: duplicate value id`);
  }
  for (const a of articles) {
    a.codes.forEach((c, i) => {
      if ('code' in c || 'bugcheck' in c) {
        // Stop codes live in their own number space: bug check 0x1A and Win32 0x1A do not clash.
        const key = 'code' in c ? c.code : `bugcheck ${c.bugcheck}`;
        const owner = codeOwner.get(key);
        if (owner) problems.push(`${pathOf(a)}: codes.${i}: ${key} is already covered by ${owner}`);
        codeOwner.set(key, a.id);
      } else if ('bugcheckRange' in c) {
        if (parseInt(c.bugcheckRange.from, 16) > parseInt(c.bugcheckRange.to, 16)) problems.push(`${pathOf(a)}: codes.${i}.bugcheckRange: from is after to`);
      } else if (parseInt(c.range.from, 16) > parseInt(c.range.to, 16)) {
        problems.push(`${pathOf(a)}: codes.${i}.range: from is after to`);
      }
    });
    a.causes.forEach((cause, ci) => {
      for (const [factId, values] of Object.entries(cause.factors)) {
        const fact = factById.get(factId);
        const where = `${pathOf(a)}: causes.${ci}.factors.${factId}`;
        if (!fact) {
          problems.push(`${where}: no fact "${factId}" in dialogs/facts/`);
          continue;
        }
        for (const v of Object.keys(values)) {
          if (!fact.values.some((fv) => fv.id === v)) {
            problems.push(`${where}.${v}: "${v}" is not a value of ${factId} (${fact.values.map((x) => x.id).join(', ')})`);
          }
        }
      }
      cause.steps.forEach((s, si) => {
        // Safe, verifying steps come first: a step that changes the machine never opens a cause.
        if (si === 0 && s.risk !== 'safe') {
          problems.push(`${pathOf(a)}: causes.${ci}.steps.0: the first step must be safe (it is ${s.risk})`);
        }
        if (s.registry && s.risk === 'safe' && s.commands.some((c) => /\breg(\.exe)? (add|delete|import)\b|Set-ItemProperty|New-ItemProperty|Remove-ItemProperty/i.test(c.run))) {
          problems.push(`${pathOf(a)}: causes.${ci}.steps.${si}: a step that writes the registry cannot be "safe"`);
        }
      });
    });
  }
  for (const t of trees) {
    const where = `dialogs/trees/${t.id}.yaml`;
    if (!articles.some((a) => a.id === t.article)) problems.push(`${where}: article: no article "${t.article}"`);
    t.order.forEach((f, i) => {
      if (!factById.has(f)) problems.push(`${where}: order.${i}: no fact "${f}" in dialogs/facts/`);
    });
  }
  problems.push(...checkSteps(articles, commands));
  if (problems.length) throw new KnowledgeError(problems);
  return { articles, facts, trees, commands };
}
