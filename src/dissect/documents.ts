// Every document framescope cites — the shared list (cite.ts) and those a protocol file declares for itself, given to
// its registration — by name: what the UI and reports say about a citation.
import { SHARED_DOCUMENTS, type DocumentEntry } from './cite';
import { REGISTRY } from './registry';

const ALL: ReadonlyMap<string, DocumentEntry> = new Map([
  ...Object.entries(SHARED_DOCUMENTS),
  ...REGISTRY.flatMap((r) => Object.entries(r.documents ?? {})),
]);

export function documentTitle(doc: string): string {
  return ALL.get(doc)?.title ?? doc;
}

/** A single page whose parts are not numbered: cited whole (section ""), never by an invented section. */
export function citedWhole(doc: string): boolean {
  return ALL.get(doc)?.whole === true;
}

/** Every document, for the lint (a citation must name one). */
export function knownDocument(doc: string): boolean {
  return ALL.has(doc);
}
