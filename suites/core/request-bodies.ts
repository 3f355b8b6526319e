// Request bodies too long to inline in a curl line, written beside the report
// (`<report-dir>/bodies/<case>-<n>.<ext>`) so that the line replays the request with
// `--data-binary @<file>`. Scrubbed like everything else a report holds.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scrubber } from './evidence.js';

export class RequestBodies {
  constructor(
    readonly dir: string,
    private readonly scrubber: Scrubber,
  ) {}

  /**
   * Writes the body of exchange `n` (1-based, as the reports number them) of a case and
   * returns the file's path as the curl line names it; undefined when it could not be written.
   */
  async save(caseId: string, n: number, body: string | Buffer, headers: Record<string, string>): Promise<string | undefined> {
    const contentType = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
    const ext = /xml/i.test(contentType ?? '') ? 'xml' : /json/i.test(contentType ?? '') ? 'json' : 'txt';
    // Case ids are `<area>.<what>`; a vendor's own case could hold anything a file name cannot.
    const file = join(this.dir, `${caseId.replace(/[^A-Za-z0-9._-]/g, '_')}-${n}.${ext}`);
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(file, this.scrubber.scrub(Buffer.isBuffer(body) ? body.toString('utf8') : body));
      return file;
    } catch {
      return undefined;
    }
  }
}
