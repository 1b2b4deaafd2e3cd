import { memo } from 'react';
import { BYTE_ERROR, BYTE_NOTE, BYTE_RESERVED, BYTE_UNCLAIMED, BYTE_WARNING, type FrameView } from '../../state/frame-view';
import { isByteSelected } from '../../state/selectors';
import { useAppState } from '../app/store-context';

export const ROW_HEIGHT = 22;

/** One row of 16 bytes. Static per frame; only its cells subscribe to the selection. */
export const HexRow = memo(function HexRow({ view, row, top }: { view: FrameView; row: number; top: number }) {
  const start = row * 16;
  const end = Math.min(start + 16, view.bytes.length);
  const offsets = Array.from({ length: end - start }, (_, i) => start + i);
  return (
    <div
      role="row"
      aria-rowindex={row + 2}
      className="absolute inset-x-0 flex items-center"
      style={{ top, height: ROW_HEIGHT }}
    >
      <span role="rowheader" className="hex-offset text-slate-500">
        {start.toString(16).padStart(4, '0')}
      </span>
      <span className="flex">
        {offsets.map((offset) => (
          <HexCell
            key={offset}
            offset={offset}
            value={view.bytes[offset]!}
            marks={view.byteMarks[offset]!}
            owner={ownerLabel(view, offset)}
            gap={offset % 16 === 8}
          />
        ))}
        {offsets.length < 16 && <span aria-hidden="true" className="hex-cell" style={{ width: `calc(${16 - offsets.length} * 3ch + ${offsets.length <= 8 ? '0.5rem' : '0px'})` }} />}
      </span>
      <span aria-hidden="true" className="ml-4 flex">
        {offsets.map((offset) => (
          <AsciiCell key={offset} offset={offset} value={view.bytes[offset]!} />
        ))}
      </span>
    </div>
  );
});

function ownerLabel(view: FrameView, offset: number): string | undefined {
  const key = view.ownerOfByte[offset];
  const node = key === undefined ? undefined : view.nodes.get(key);
  return node?.field ? `${node.label} (${node.field.id})` : undefined;
}

function markClasses(marks: number): string {
  const out: string[] = [];
  if (marks & BYTE_RESERVED) out.push('reserved-hatch');
  if (marks & BYTE_ERROR) out.push('byte-error');
  else if (marks & BYTE_WARNING) out.push('byte-warning');
  else if (marks & BYTE_NOTE) out.push('byte-note');
  if (marks & BYTE_UNCLAIMED) out.push('text-slate-400');
  return out.join(' ');
}

interface CellProps {
  readonly offset: number;
  readonly value: number;
  readonly marks: number;
  readonly owner: string | undefined;
  readonly gap: boolean;
}

/** One byte: re-renders only when its own "selected" boolean flips. */
const HexCell = memo(function HexCell({ offset, value, marks, owner, gap }: CellProps) {
  const selected = useAppState(isByteSelected(offset));
  return (
    <span
      role="gridcell"
      data-offset={offset}
      aria-selected={selected}
      title={owner ? `${offset}: ${owner}` : String(offset)}
      className={`hex-cell cursor-pointer ${gap ? 'ml-2' : ''} ${markClasses(marks)} ${
        selected ? 'bg-sky-700 font-semibold text-white' : 'hover:bg-sky-100'
      }`}
    >
      {value.toString(16).padStart(2, '0')}
    </span>
  );
});

const AsciiCell = memo(function AsciiCell({ offset, value }: { offset: number; value: number }) {
  const selected = useAppState(isByteSelected(offset));
  const printable = value >= 0x20 && value < 0x7f;
  return (
    <span className={`inline-block w-[1ch] ${selected ? 'bg-sky-700 text-white' : printable ? 'text-slate-800' : 'text-slate-400'}`}>
      {printable ? String.fromCharCode(value) : '.'}
    </span>
  );
});
