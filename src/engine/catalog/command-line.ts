// Splits a step's command line into the programs and cmdlets it runs, so that each can be looked up
// in the command dictionary. Not a shell parser: it knows enough cmd and PowerShell (quotes,
// separators, script blocks, assignments, call operators) to find every command word in the lines a
// lead writes, and it treats whatever is not a command word (a .NET call, a string, a hashtable key)
// as an expression to skip.

export type Shell = 'cmd' | 'powershell';

export interface Invocation {
  /** The command as the dictionary names it: lower-case, no directory, no .exe. */
  name: string;
  /** What follows the name on its segment, trimmed. */
  args: string;
  /** The segment as written, for messages. */
  text: string;
}

// PowerShell keywords that open a statement without being a command.
const PS_KEYWORDS = new Set(['foreach', 'for', 'if', 'elseif', 'else', 'while', 'do', 'until', 'switch', 'try', 'catch', 'finally', 'return', 'throw', 'exit', 'break', 'continue', 'param', 'function', 'in']);

/** Cuts a line at separators outside quotes; in PowerShell also at ( ) { } so that nested commands surface. */
function segmentsOf(run: string, shell: Shell): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  const push = () => {
    if (cur.trim()) out.push(cur.trim());
    cur = '';
  };
  for (let i = 0; i < run.length; i++) {
    const ch = run[i]!;
    const next = run[i + 1];
    if (quote) {
      cur += ch;
      // PowerShell escapes with a backtick; a doubled quote stays inside the string.
      if (shell === 'powershell' && ch === '`' && next !== undefined) cur += run[++i];
      else if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || (ch === "'" && shell === 'powershell')) {
      quote = ch;
      cur += ch;
    } else if (ch === '\n' || ch === '|' || (ch === ';' && shell === 'powershell')) {
      push();
    } else if (ch === '&') {
      // 2>&1 and >&2 are redirections, not separators; in PowerShell a lone & is the call operator.
      if (cur.endsWith('>')) cur += ch;
      else if (next === '&') {
        push();
        i++;
      } else if (shell === 'cmd') push();
      else cur += ch;
    } else if (shell === 'powershell' && '(){}'.includes(ch)) {
      push();
    } else {
      cur += ch;
    }
  }
  push();
  return out;
}

function firstWord(s: string): [string, string] {
  const m = /^("[^"]*"|'[^']*'|\S+)\s*([\s\S]*)$/.exec(s);
  return m ? [m[1]!, m[2]!.trim()] : ['', ''];
}

/** The dictionary name of a word that runs a program: C:\x\MpCmdRun.exe → mpcmdrun. */
export function commandName(word: string): string {
  return word.replace(/^["']|["']$/g, '').replace(/^.*[\\/]/, '').replace(/\.(exe|com|cmd|bat)$/i, '').toLowerCase();
}

function invocationOf(segment: string, shell: Shell): Invocation | undefined {
  let s = segment;
  if (shell === 'powershell') {
    // $x = Get-Thing … runs Get-Thing; & "C:\tool.exe" … runs the tool.
    s = s.replace(/^\$[\w:]+\s*=\s*/, '');
    if (s.startsWith('&')) s = s.slice(1).trim();
    // A string, a variable, a .NET type, a number, an operator or a property access: an expression.
    else if (!/^(?:[A-Za-z_]|\.\\)/.test(s)) return undefined;
  } else if (s.startsWith('@')) {
    s = s.slice(1);
  }
  const [word, rest] = firstWord(s);
  let args = rest;
  // name=value and name = value are hashtable entries or cmd assignments, not commands.
  if (!word || /^[^"']*=/.test(word) || /^=(?!=)/.test(args) || /^[<>]/.test(word)) return undefined;
  if (shell === 'powershell' && PS_KEYWORDS.has(word.toLowerCase())) return undefined;
  let name = commandName(word);
  // cscript runs the script it is given: `cscript //nologo slmgr.vbs /ato` is slmgr's form /ato.
  if (name === 'cscript' || name === 'wscript') {
    const m = /^(?:\/\/\S+\s+)*("[^"]*"|\S+)\s*([\s\S]*)$/.exec(args);
    if (m) {
      name = commandName(m[1]!).replace(/\.(vbs|js|wsf)$/i, '');
      args = m[2]!.trim();
    }
  }
  if (!name) return undefined;
  return { name, args, text: segment };
}

/** The program that `start` (cmd) or Start-Process launches, when it is a program and not a URI or document. */
function launchedBy(inv: Invocation, shell: Shell): Invocation | undefined {
  if (inv.name !== 'start' && inv.name !== 'start-process') return undefined;
  // cmd's start takes an optional quoted window title first; both take switches before the target.
  const rest = inv.args.replace(shell === 'cmd' ? /^(?:"[^"]*"\s+)?(?:\/\w+\s+)*/ : /^(?:-FilePath\s+)?/i, '');
  const [target, args] = firstWord(rest);
  if (!target || /^[a-z][\w.+-]*:(?![\\/])/i.test(target.replace(/^["']/, ''))) return undefined;
  if (!/\.exe["']?$/i.test(target) && /[\\/.]/.test(target)) return undefined;
  return { name: commandName(target), args, text: inv.text };
}

/** Every command a line runs, in order. */
export function invocationsOf(run: string, shell: Shell): Invocation[] {
  return segmentsOf(run, shell).flatMap((seg) => {
    const inv = invocationOf(seg, shell);
    if (!inv) return [];
    const launched = launchedBy(inv, shell);
    return launched ? [inv, launched] : [inv];
  });
}
