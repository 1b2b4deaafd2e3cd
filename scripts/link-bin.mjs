// Links node_modules/.bin/framescope to this package's own bin, so `npx framescope` in the repo
// runs the local CLI with any npm. (npm 11 already runs a project's own bin from `npx`; older
// npm only looks in node_modules/.bin and would otherwise go looking on the registry.)
import { lstatSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const binDir = fileURLToPath(new URL('../node_modules/.bin/', import.meta.url));
const link = `${binDir}framescope`;

try {
  mkdirSync(binDir, { recursive: true });
  if (lstatSync(link, { throwIfNoEntry: false })) rmSync(link);
  symlinkSync('../../bin/framescope.mjs', link);
} catch (error) {
  console.warn(`link-bin: could not link ${link}: ${error instanceof Error ? error.message : error}`);
}
