// The tool's name and version as reports give them, read from package.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './paths.js';

const pkg = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { name: string; version: string };

export const TOOL = { name: pkg.name, version: pkg.version } as const;

/** The User-Agent every request of a run carries (a case may remove it: `"user-agent": ""`). */
export const USER_AGENT = `${TOOL.name}/${TOOL.version}`;
