// The shapes of the knowledge files (catalog/articles/*.yaml, dialogs/facts/*.yaml), as zod schemas
// so that a helpdesk lead's typo is reported with its path instead of failing at run time.
import { z } from 'zod';

const HEX32 = /^0x[0-9A-F]{8}$/;
const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const codeString = z
  .string()
  .regex(HEX32, 'must be 0x followed by 8 upper-case hex digits, such as 0x800B0004');
export const kebabId = z.string().regex(ID, 'must be kebab-case: lower-case words joined by -');

/** Text in both languages the bot speaks. */
export const bilingual = z.strictObject({
  en: z.string().trim().min(1),
  es: z.string().trim().min(1),
});
/** Text whose Spanish may still be missing; the bot falls back to English. */
export const englishFirst = z.strictObject({
  en: z.string().trim().min(1),
  es: z.string().trim().min(1).optional(),
});
const phrases = z.strictObject({
  en: z.array(z.string().trim().min(2)).min(1),
  es: z.array(z.string().trim().min(2)).min(1),
});

export const APPEARS_IN = [
  'windows-update', 'servicing', 'upgrade', 'store', 'activation', 'sign-in', 'certificates',
  'network', 'enrollment', 'tpm-hello', 'com-rpc', 'crash', 'installer', 'file-system',
  'permissions', 'office',
  // The areas of issue 13: mail (Outlook/Exchange Online), sync (OneDrive), collaboration (Teams).
  'mail', 'sync', 'collaboration', 'vpn', 'remote-desktop', 'printing', 'file-shares', 'bitlocker',
  'defender', 'virtualization', 'event-log',
] as const;

export const RISKS = ['safe', 'changes-system', 'destructive'] as const;

export const SHELLS = ['cmd', 'powershell'] as const;

const command = z.strictObject({
  shell: z.enum(SHELLS),
  run: z.string().trim().min(1),
});

const step = z
  .strictObject({
    title: englishFirst,
    why: englishFirst,
    commands: z.array(command).default([]),
    admin: z.boolean(),
    registry: z.boolean().default(false),
    risk: z.enum(RISKS),
    warning: englishFirst.optional(),
    undo: englishFirst.optional(),
    verify: englishFirst,
  })
  .superRefine((s, ctx) => {
    // A step that changes the machine must say what can go wrong and how to go back.
    if (s.risk !== 'safe' && !s.warning) {
      ctx.addIssue({ code: 'custom', path: ['warning'], message: `required when risk is ${s.risk}` });
    }
    if (s.risk !== 'safe' && !s.undo) {
      ctx.addIssue({ code: 'custom', path: ['undo'], message: `required when risk is ${s.risk}` });
    }
  });

/** fact id → value id → likelihood factor (1 = no effect). */
const factors = z.record(kebabId, z.record(z.string(), z.number().positive().max(20)));

// A cause names the article references it follows: an index into the article's `references`
// (0 is the first, as in the check's messages) or one of their URLs. validate-knowledge decides when
// it may be left out.
const causeReference = z.union([z.number().int().nonnegative(), z.url()]);

const cause = z.strictObject({
  id: kebabId,
  title: bilingual,
  description: englishFirst,
  prior: z.number().positive().max(1),
  factors: factors.default({}),
  references: z.array(causeReference).default([]),
  steps: z.array(step).min(1),
});

const codeEntry = z.union([
  z.strictObject({ code: codeString, names: z.array(z.string().min(1)).default([]) }),
  // A blue screen's stop code: its own number space (0x0000001A is MEMORY_MANAGEMENT here and
  // Win32 error 26 elsewhere), so it is never looked up as an HRESULT, Win32 or NTSTATUS value.
  z.strictObject({ bugcheck: codeString, names: z.array(z.string().min(1)).default([]) }),
  z.strictObject({ range: z.strictObject({ from: codeString, to: codeString }), label: z.string().min(1) }),
  // A family of stop codes: the blue-screen article for every stop code without one of its own.
  z.strictObject({ bugcheckRange: z.strictObject({ from: codeString, to: codeString }), label: z.string().min(1) }),
]);

export const articleSchema = z
  .strictObject({
    id: kebabId,
    codes: z.array(codeEntry).min(1),
    title: bilingual,
    summary: bilingual,
    appearsIn: z.array(z.enum(APPEARS_IN)).min(1),
    messages: phrases.optional(),
    aliases: phrases,
    causes: z.array(cause).min(2),
    related: z.array(codeString).default([]),
    references: z.array(z.strictObject({ title: z.string().min(1), url: z.url() })).default([]),
  })
  .superRefine((a, ctx) => {
    const seen = new Set<string>();
    a.causes.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['causes', i, 'id'], message: `duplicate cause id ${c.id}` });
      seen.add(c.id);
    });
  });

const factValue = z.strictObject({
  id: z.string().regex(ID, 'must be kebab-case'),
  label: bilingual,
  // How common this answer is among the machines we support (0..1); the question picker uses it
  // to expect the usual answer. Values without it share what the others leave.
  base: z.number().positive().max(1).optional(),
  mentions: z.array(z.string().trim().min(2)).default([]),
});

export const factSchema = z.strictObject({
  id: kebabId,
  // A short name for explanations ("you said network path: through a proxy").
  name: bilingual.optional(),
  question: bilingual,
  // Ask only when the candidate article shows up in one of these places (empty: anywhere).
  onlyFor: z.array(z.enum(APPEARS_IN)).default([]),
  values: z.array(factValue).min(2),
});

/** A lead's fixed question order for one article (dialogs/trees/<article-id>.yaml). */
export const treeSchema = z.strictObject({
  id: kebabId,
  article: kebabId,
  order: z.array(kebabId).min(1),
});

/** A regular expression a lead writes in YAML; reported with its path when it does not compile. */
const pattern = z.string().min(1).refine((p) => {
  try {
    new RegExp(p, 'i');
    return true;
  } catch {
    return false;
  }
}, 'must be a valid JavaScript regular expression');

// One way of running a command (catalog/commands/<name>.yaml), with the rights and risk it needs.
const commandForm = z.strictObject({
  /** Matched case-insensitively against the arguments after the name; no `when`: any arguments. */
  when: pattern.optional(),
  admin: z.boolean(),
  risk: z.enum(RISKS),
  registry: z.boolean().default(false),
  /** Replaces a setting (a proxy, a page file, a registry value, a certificate store): the cause
   *  must record the current value first, and the step's undo must use that record. */
  overwrites: z.boolean().default(false),
  /** Shows a setting's current value (`shows`: counts as a record when the line saves the output
   *  to a file) or writes a copy of it to a file by itself (`saves`, such as reg export). */
  records: z.enum(['shows', 'saves']).optional(),
  note: z.string().min(1).optional(),
});

export const commandSchema = z
  .strictObject({
    /** As typed, lower-case, without directory or .exe (cmdlets with their hyphen). */
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case, as typed without .exe'),
    /** Other spellings of the same program (vc_redist.x64 for vc_redist). */
    aliases: z.array(z.string().regex(/^[a-z0-9][a-z0-9._-]*$/)).default([]),
    shells: z.array(z.enum(SHELLS)).min(1),
    /** Microsoft's page for the command (Microsoft Learn's command or cmdlet reference). */
    reference: z.url(),
    forms: z.array(commandForm).min(1),
  })
  .superRefine((c, ctx) => {
    // The forms are tried in order, so the catch-all form (no `when`) must close the list.
    const open = c.forms.findIndex((f) => f.when === undefined);
    if (open === -1) ctx.addIssue({ code: 'custom', path: ['forms'], message: 'needs a last form without `when` (any other arguments)' });
    else if (open !== c.forms.length - 1) ctx.addIssue({ code: 'custom', path: ['forms', open], message: 'a form without `when` must be the last' });
  });

export type CommandEntry = z.infer<typeof commandSchema>;
export type CommandForm = CommandEntry['forms'][number];
export type Article = z.infer<typeof articleSchema>;
export type Tree = z.infer<typeof treeSchema>;
export type Cause = Article['causes'][number];
export type Step = Cause['steps'][number];
export type ArticleCode = Article['codes'][number];
export type Fact = z.infer<typeof factSchema>;
export type Bilingual = z.infer<typeof bilingual>;
export type EnglishFirst = z.infer<typeof englishFirst>;
