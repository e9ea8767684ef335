// npm run lookup -- [--json] [--limit N] "<text>"   (or the text on standard input)
import { readFileSync } from 'node:fs';
import { DEFAULT_LOOKUP_OPTIONS, lookup } from '../engine/lookup';
import { KnowledgeError } from '../engine/catalog/validate-knowledge';
import { loadEngine } from '../node/load-engine';
import { formatResult, toJson } from './format-match';

const HELP = `Usage: npm run lookup -- [--json] [--limit N] "<text>"
       echo "<text>" | npm run --silent lookup -- --json

Finds every Windows error code in the text (0x800B0004, 800b0004, -2146762748, E_ACCESSDENIED,
"error 5", or the message itself), decodes it and names it as the Windows SDK does.
  --json      print one JSON object {"matches": [...]}, best first (contract in README.md)
  --limit N   at most N matches (default ${DEFAULT_LOOKUP_OPTIONS.limit})
  --help      this text`;

function main(argv: string[]): number {
  let json = false;
  let limit = DEFAULT_LOOKUP_OPTIONS.limit;
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') {
      console.log(HELP);
      return 0;
    } else if (a === '--json') json = true;
    else if (a === '--limit') {
      limit = Number(argv[++i]);
      if (!Number.isInteger(limit) || limit < 1) {
        console.error('--limit takes a whole number of 1 or more.');
        return 2;
      }
    } else words.push(a);
  }
  let text = words.join(' ');
  if (words.length === 0) {
    if (process.stdin.isTTY) {
      console.error(HELP);
      return 2;
    }
    text = readFileSync(0, 'utf8');
  }
  let loaded;
  try {
    loaded = loadEngine();
  } catch (e) {
    if (e instanceof KnowledgeError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
  const result = lookup(loaded.engine, text, { limit });
  if (json) console.log(JSON.stringify(toJson(result)));
  else console.log(formatResult(result, loaded.engine.articles));
  return result.problem?.kind === 'too-large' ? 2 : 0;
}

process.exitCode = main(process.argv.slice(2));
