import { citeText, type Cite } from '../../dissect/cite';
import { documentTitle } from '../../dissect/documents';

/** A citation as a link to the governing text; it opens in a new tab, only when clicked. */
export function CiteLink({ cite }: { cite: Cite }) {
  return (
    <a
      href={cite.url}
      target="_blank"
      rel="noreferrer"
      title={documentTitle(cite.doc)}
      className="whitespace-nowrap text-sky-700 underline decoration-sky-300 underline-offset-2 hover:decoration-sky-700"
    >
      {citeText(cite)}
    </a>
  );
}
