// The command dictionary (catalog/commands/*.yaml): which programs and cmdlets the steps may run, and
// the rights and risk each way of running them needs. The step checks look commands up here.
import type { CommandEntry, CommandForm, RISKS } from './schema';

export type Risk = (typeof RISKS)[number];
export const RISK_ORDER: Record<Risk, number> = { safe: 0, 'changes-system': 1, destructive: 2 };

export interface CommandDictionary {
  /** By name and by alias, lower-case. */
  readonly byName: ReadonlyMap<string, CommandEntry>;
  readonly entries: readonly CommandEntry[];
}

/** Indexes the entries by name and alias; returns the names claimed twice. */
export function buildCommandDictionary(entries: readonly CommandEntry[]): { dictionary: CommandDictionary; clashes: string[] } {
  const byName = new Map<string, CommandEntry>();
  const clashes: string[] = [];
  for (const e of entries) {
    for (const n of [e.name, ...e.aliases]) {
      const owner = byName.get(n);
      if (owner) clashes.push(`${n} is both in ${owner.name} and ${e.name}`);
      else byName.set(n, e);
    }
  }
  return { dictionary: { byName, entries }, clashes };
}

/** The first form whose `when` matches the arguments (the last form has no `when`, so one always does). */
export function formFor(entry: CommandEntry, args: string): CommandForm {
  return entry.forms.find((f) => f.when === undefined || new RegExp(f.when, 'i').test(args)) ?? entry.forms[entry.forms.length - 1]!;
}
