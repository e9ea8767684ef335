// The rules a program can enforce on resolution steps: every command is in the dictionary and the
// step is flagged at least as high as the commands in it need; the same command is flagged the same
// everywhere; a step that overwrites a setting comes after a step that records it, and its undo
// uses that record; asking for a Group Policy change is never "safe"; every cause names the
// Microsoft page it follows. Each problem names the file, the cause, the step and the command.
import { invocationsOf, type Invocation } from './command-line';
import { formFor, RISK_ORDER, type CommandDictionary } from './command-dictionary';
import type { Article, Cause, Step } from './schema';

interface Place {
  file: string;
  where: string;
}

function placeOf(a: Article, ci: number, c: Cause, si: number): Place {
  return { file: `catalog/articles/${a.id}.yaml`, where: `causes.${ci} (${c.id}) steps.${si}` };
}
const say = (p: Place, msg: string) => `${p.file}: ${p.where}: ${msg}`;

/** Each command line of a step with what it runs. */
function runsOf(s: Step): { run: string; shell: 'cmd' | 'powershell'; invocations: Invocation[] }[] {
  return s.commands.map((c) => ({ run: c.run, shell: c.shell, invocations: invocationsOf(c.run, c.shell) }));
}

type Visit = (p: Place, s: Step, line: { run: string; shell: 'cmd' | 'powershell' }, inv: Invocation) => string[];

/** Calls visit for every command every step runs. */
function eachInvocation(articles: readonly Article[], visit: Visit): string[] {
  const problems: string[] = [];
  articles.forEach((a) => a.causes.forEach((c, ci) => c.steps.forEach((s, si) => {
    const p = placeOf(a, ci, c, si);
    for (const line of runsOf(s)) for (const inv of line.invocations) problems.push(...visit(p, s, line, inv));
  })));
  return problems;
}

/** Rule: each command is in the dictionary and used in a shell it lists. */
export function checkCommandsKnown(articles: readonly Article[], dictionary: CommandDictionary): string[] {
  return eachInvocation(articles, (p, _s, line, inv) => {
    const entry = dictionary.byName.get(inv.name);
    if (!entry) return [say(p, `\`${inv.text}\`: "${inv.name}" is not in the command dictionary (add catalog/commands/${inv.name}.yaml)`)];
    if (!entry.shells.includes(line.shell)) return [say(p, `\`${inv.text}\`: ${entry.name} is listed for ${entry.shells.join(', ')}, not ${line.shell}`)];
    return [];
  });
}

/** Rule: the step's admin, registry and risk flags reach those of the form each command matches. */
export function checkCommandFlags(articles: readonly Article[], dictionary: CommandDictionary): string[] {
  return eachInvocation(articles, (p, s, _line, inv) => {
    const entry = dictionary.byName.get(inv.name);
    if (!entry) return [];
    const form = formFor(entry, inv.args);
    const cmd = `\`${inv.text}\``;
    const out: string[] = [];
    if (form.admin && !s.admin) out.push(say(p, `${cmd}: needs admin (catalog/commands/${entry.name}.yaml), the step says admin: false`));
    if (form.registry && !s.registry) out.push(say(p, `${cmd}: writes the registry (catalog/commands/${entry.name}.yaml), the step says registry: false`));
    if (RISK_ORDER[form.risk] > RISK_ORDER[s.risk]) out.push(say(p, `${cmd}: is ${form.risk} (catalog/commands/${entry.name}.yaml), the step says risk: ${s.risk}`));
    return out;
  });
}

/** Rule: a step made of one command is flagged the same wherever it appears. */
export function checkSameCommandSameFlags(articles: readonly Article[]): string[] {
  const seen = new Map<string, { flags: string; at: string }>();
  const problems: string[] = [];
  articles.forEach((a) => a.causes.forEach((c, ci) => c.steps.forEach((s, si) => {
    if (s.commands.length !== 1) return;
    const cmd = s.commands[0]!;
    const key = `${cmd.shell} ${cmd.run.replace(/\s+/g, ' ').trim().toLowerCase()}`;
    const flags = `admin: ${s.admin}, registry: ${s.registry}, risk: ${s.risk}`;
    const p = placeOf(a, ci, c, si);
    const first = seen.get(key);
    if (!first) seen.set(key, { flags, at: `${p.file}: ${p.where}` });
    else if (first.flags !== flags) problems.push(say(p, `\`${cmd.run}\`: flagged ${flags}, but ${first.at} flags the same command ${first.flags}`));
  })));
  return problems;
}

// A step that asks for a Group Policy object to be changed: it mentions a GPO or its editors and
// its title asks for a change. Reading the applied policy (gpresult, "List the Group Policy...")
// does not count.
const GPO = /\bgpedit(\.msc)?\b|\bgpmc(\.msc)?\b|Group Policy (Management|Editor|object|owner|admin)|\bGPOs?\b|\b(Set|New|Remove)-GP\w*|\bNew-GPLink\b/i;
const CHANGE = /^(change|correct|edit|set|enable|disable|configure|remove|delete|add|ask|fix|turn|publish|deploy|point|replace|link|unlink|stop|allow|block|trust|update|apply)\b/i;

/** Rule: a step that changes a GPO is not safe; it reaches every machine the policy does. */
export function checkGroupPolicySteps(articles: readonly Article[]): string[] {
  const problems: string[] = [];
  articles.forEach((a) => a.causes.forEach((c, ci) => c.steps.forEach((s, si) => {
    const text = `${s.title.en} ${s.why.en} ${s.commands.map((x) => x.run).join(' ')}`;
    if (s.risk === 'safe' && GPO.test(text) && CHANGE.test(s.title.en.trim())) {
      problems.push(say(placeOf(a, ci, c, si), `"${s.title.en}": changing a Group Policy object changes every machine it reaches, so the step cannot be safe (use changes-system and say so in the warning)`));
    }
  })));
  return problems;
}

// How a line keeps a command's output: a redirection, or a cmdlet that writes a file.
// Global: a placeholder such as '<adapter-name>' also contains a >, so every match is tried.
const SAVES_OUTPUT = /(?:^|[^2])>>?\s*("[^"]+"|'[^']+'|\S+)|\|\s*(?:Out-File|Tee-Object|Export-Csv|Export-Clixml)\b(?:\s+-(?:FilePath|Path|LiteralPath))?\s+("[^"]+"|'[^']+'|\S+)/gi;
const FILE_NAME = /[\w.~-]+\.(?:reg|txt|xml|csv|json|cer|sst|p7b|pfx|bak|log|html|clixml|acl|dat|hiv)\b/gi;

/** The file names a safe step records a setting into, or none if it records nothing. */
function recordsOf(s: Step, dictionary: CommandDictionary): string[] {
  if (s.risk !== 'safe') return [];
  const files: string[] = [];
  for (const line of runsOf(s)) {
    for (const inv of line.invocations) {
      const entry = dictionary.byName.get(inv.name);
      const how = entry ? formFor(entry, inv.args).records : undefined;
      if (how === 'saves') files.push(...(inv.text.match(FILE_NAME) ?? []));
      else if (how === 'shows') {
        for (const m of line.run.matchAll(SAVES_OUTPUT)) files.push(...((m[1] ?? m[2] ?? '').match(FILE_NAME) ?? []));
      }
    }
  }
  return files.map((f) => f.toLowerCase());
}

/**
 * Rule: a step that overwrites a setting (a form with `overwrites: true`) comes after a safe step of
 * the same cause that records the current value to a file, and its undo names that file.
 */
export function checkRecordedBeforeOverwrite(articles: readonly Article[], dictionary: CommandDictionary): string[] {
  const problems: string[] = [];
  articles.forEach((a) => a.causes.forEach((c, ci) => {
    const recorded: string[] = [];
    c.steps.forEach((s, si) => {
      const p = placeOf(a, ci, c, si);
      for (const line of runsOf(s)) {
        for (const inv of line.invocations) {
          const entry = dictionary.byName.get(inv.name);
          if (!entry || !formFor(entry, inv.args).overwrites) continue;
          const cmd = `\`${inv.text}\``;
          const undo = (s.undo?.en ?? '').toLowerCase();
          if (recorded.length === 0) {
            problems.push(say(p, `${cmd}: overwrites a setting, but no earlier safe step of this cause records the current value to a file (for example reg export, or "netsh winhttp show proxy > %TEMP%\\proxy-before.txt")`));
          } else if (!recorded.some((f) => undo.includes(f))) {
            problems.push(say(p, `${cmd}: the undo must use the record an earlier step made (${[...new Set(recorded)].join(', ')})`));
          }
        }
      }
      recorded.push(...recordsOf(s, dictionary));
    });
  }));
  return problems;
}

/**
 * Rule: every cause says which Microsoft page it follows. An article cites at least one reference;
 * with one, its causes follow it; with several, each cause lists in `references` the ones it
 * follows, by index (0 is the first) or by URL. This is the simplest rule a lead can satisfy: one
 * line per cause, and only when the article has a choice of pages.
 */
export function checkCauseReferences(articles: readonly Article[]): string[] {
  const problems: string[] = [];
  for (const a of articles) {
    const file = `catalog/articles/${a.id}.yaml`;
    if (a.references.length === 0) {
      problems.push(`${file}: references: cite the Microsoft page(s) the causes and steps come from`);
      continue;
    }
    a.causes.forEach((c, ci) => {
      const where = `${file}: causes.${ci} (${c.id})`;
      if (a.references.length > 1 && c.references.length === 0) {
        problems.push(`${where}: references: name the article reference(s) this cause follows (an index from 0 to ${a.references.length - 1}, or the URL)`);
      }
      c.references.forEach((r, ri) => {
        const ok = typeof r === 'number' ? r < a.references.length : a.references.some((x) => x.url === r);
        if (!ok) problems.push(`${where}: references.${ri}: ${String(r)} is not one of the article's references`);
      });
    });
  }
  return problems;
}

/**
 * Rule (catalog:check only): every text of every step is in Spanish too. The bot itself still starts
 * with an English-only step, showing it in English, so a lead's quick fix never takes it down.
 */
export function checkStepsInSpanish(articles: readonly Article[]): string[] {
  const problems: string[] = [];
  articles.forEach((a) => a.causes.forEach((c, ci) => c.steps.forEach((s, si) => {
    const missing = (['title', 'why', 'verify', 'warning', 'undo'] as const).filter((k) => s[k] && !s[k]!.es);
    if (missing.length) problems.push(say(placeOf(a, ci, c, si), `"${s.title.en}": no Spanish for ${missing.join(', ')}`));
  })));
  return problems;
}

/** Every step rule, in the order a lead would fix them. */
export function checkSteps(articles: readonly Article[], dictionary: CommandDictionary): string[] {
  return [
    ...checkCommandsKnown(articles, dictionary),
    ...checkCommandFlags(articles, dictionary),
    ...checkSameCommandSameFlags(articles),
    ...checkGroupPolicySteps(articles),
    ...checkRecordedBeforeOverwrite(articles, dictionary),
    ...checkCauseReferences(articles),
  ];
}
