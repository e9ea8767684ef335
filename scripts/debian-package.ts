// The version of an installed Debian package, for the "source" line of a generated catalog file.
import { execFileSync } from 'node:child_process';

/** dpkg's version of `name`, or "unknown" when it is not installed (or dpkg is absent). */
export function installedVersion(name: string): string {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || 'unknown';
  } catch {
    return 'unknown';
  }
}
