import type { Severity } from '../../dissect/model';

export const SEVERITY_TEXT: Record<Severity, string> = {
  error: 'text-red-600',
  warning: 'text-amber-700',
  note: 'text-sky-700',
};

const PATHS: Record<Severity, string> = {
  // A circle with "!", a triangle with "!", a circle with "i".
  error: 'M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm-.9 3.5h1.8l-.3 5h-1.2l-.3-5ZM8 10.6a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z',
  warning: 'M8 1.5 15.2 14H.8L8 1.5Zm-.85 4.5.25 4h1.2l.25-4h-1.7ZM8 11a.9.9 0 1 0 0 1.8.9.9 0 0 0 0-1.8Z',
  note: 'M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm0 2.6a1 1 0 1 1 0 2 1 1 0 0 1 0-2ZM7.1 6.8h1.8v5.6H7.1V6.8Z',
};

/** A severity as an icon with its name for assistive technology. */
export function SeverityIcon({ severity, className = '' }: { severity: Severity; className?: string }) {
  return (
    <svg
      viewBox="0 0 16 16"
      role="img"
      aria-label={severity}
      className={`inline-block size-3.5 shrink-0 fill-current ${SEVERITY_TEXT[severity]} ${className}`}
    >
      <title>{severity}</title>
      <path fillRule="evenodd" d={PATHS[severity]} />
    </svg>
  );
}
