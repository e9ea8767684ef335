// A checkout of a Microsoft documentation repository, as the importers receive it: a folder made
// with `git archive` from the bare directory `fetch` brings (no .git, so the commit is passed in)
// or an ordinary clone (the commit is read from it).
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';

/** The commit a checkout was taken from: the one given, or its git HEAD; undefined if neither. */
export function checkoutCommit(dir: string, given?: string): string | undefined {
  if (given) return given;
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    // Only the checkout's own repository: a folder unpacked inside another work tree is not it.
    return realpathSync(git('rev-parse', '--show-toplevel')) === realpathSync(dir) ? git('rev-parse', 'HEAD') : undefined;
  } catch {
    return undefined;
  }
}

/** The commands that bring a checkout of `repo`'s `branch` holding `paths`, for error messages. */
export function checkoutHelp(repo: string, branch: string, paths: string[], dir: string): string {
  return [
    `Bring ${repo} with the fetch tool (github:${repo}), which gives a bare git directory GIT_DIR, then:`,
    `  mkdir -p ${dir} && git --git-dir=GIT_DIR archive ${branch} ${paths.join(' ')} | tar -x -C ${dir}`,
    `and pass ${dir} with --commit $(git --git-dir=GIT_DIR rev-parse ${branch}).`,
  ].join('\n');
}
