// Reads the knowledge folders from disk. The engine never touches the file system; this does.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { SourceFile } from '../engine/catalog/validate-knowledge';
import { validateKnowledge, type Knowledge } from '../engine/catalog/validate-knowledge';

/** The YAML files of a folder; only an `optional` folder (a lead's trees) may be missing. */
function readYamlFolder(root: string, folder: string, optional = false): SourceFile[] {
  const dir = join(root, folder);
  if (optional && !existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => {
      const path = relative(root, join(dir, n));
      try {
        return { path, data: parse(readFileSync(join(dir, n), 'utf8')) as unknown };
      } catch (e) {
        return { path, data: undefined, parseError: (e as Error).message.split('\n')[0] };
      }
    });
}

/** Loads and validates catalog/articles, catalog/commands, dialogs/facts and dialogs/trees under the project root. */
export function readKnowledge(root: string): Knowledge {
  return validateKnowledge({
    articles: readYamlFolder(root, 'catalog/articles'),
    facts: readYamlFolder(root, 'dialogs/facts'),
    commands: readYamlFolder(root, 'catalog/commands'),
    trees: readYamlFolder(root, 'dialogs/trees', true),
  });
}
