import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TableProfile } from './column-profile.js';

/**
 * Profiles live in `profiles/SYSTEM.TABLE.json` beside the spec (decision 0015): plain files a
 * team reviews and commits with the spec, read by `syncline plan` and the report.
 */
export function profilePath(baseDir: string, system: string, table: string): string {
  return path.join(baseDir, 'profiles', `${system}.${table.replace(/[\\/:*?"<>|]/g, '_')}.json`);
}

export async function writeProfile(baseDir: string, profile: TableProfile): Promise<string> {
  const file = profilePath(baseDir, profile.system, profile.table);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(profile, null, 2)}\n`);
  return file;
}

/** Every stored profile, by `system.table`; unreadable files are skipped, not fatal. */
export async function readProfiles(baseDir: string): Promise<ReadonlyMap<string, TableProfile>> {
  const dir = path.join(baseDir, 'profiles');
  const names = await readdir(dir).catch(() => [] as string[]);
  const profiles = new Map<string, TableProfile>();
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    try {
      const profile = JSON.parse(await readFile(path.join(dir, name), 'utf8')) as TableProfile;
      if (
        typeof profile.system === 'string' &&
        typeof profile.table === 'string' &&
        Array.isArray(profile.columns)
      )
        profiles.set(`${profile.system}.${profile.table}`, profile);
    } catch {
      // A hand-edited or half-written file: the plan then reports the table as not profiled.
    }
  }
  return profiles;
}
