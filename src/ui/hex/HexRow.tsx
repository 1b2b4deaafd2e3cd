import { memo } from 'react';
import { layerStartsAt } from '../../state/byte-info';
import {
  BYTE_ERROR,
  BYTE_NOTE,
  BYTE_RESERVED,
  BYTE_UNCLAIMED,
  BYTE_WARNING,
  type FrameView,
} from '../../state/frame-view';
import { isBytePreviewed, isByteSelected } from '../../state/selectors';
import { useAppState } from '../app/store-context';
import { isCursorAt } from '../../state/workbench';
import { hexByte, hexDigits } from '../../dissect';

export const ROW_HEIGHT = 22;

/** The gap between the two halves of a 16-byte row, as Wireshark draws it; an 8-byte row has none. */
const HALF_GAP = '0.5rem';

/**
 * One row of `rowBytes` bytes (16, or 8 where 16 do not fit). Static per frame; only its cells subscribe to the
 * selection and the preview.
 */
export const HexRow = memo(function HexRow({
  view,
  row,
  top,
  rowBytes,
}: {
  view: FrameView;
  row: number;
  top: number;
  rowBytes: number;
}) {
  const start = row * rowBytes;
  const end = Math.min(start + rowBytes, view.bytes.length);
  const halves = rowBytes === 16;
  const offsets = Array.from({ length: end - start }, (_, i) => start + i);
  return (
    <div
      role="row"
      aria-rowindex={row + 2}
      className="absolute inset-x-0 flex items-center"
      style={{ top, height: ROW_HEIGHT }}
    >
      <span role="rowheader" className="hex-offset text-slate-600">
        {hexDigits(start, 4)}
      </span>
      <span className="flex">
        {offsets.map((offset) => (
          <HexCell
            key={offset}
            offset={offset}
            value={view.bytes[offset]!}
            look={staticLook(view, offset)}
            gap={halves && offset % 16 === 8}
          />
        ))}
        {offsets.length < rowBytes && (
          <span
            aria-hidden="true"
            className="hex-cell"
            style={{
              width: `calc(${rowBytes - offsets.length} * 3ch + ${halves && offsets.length <= 8 ? HALF_GAP : '0px'})`,
            }}
          />
        )}
      </span>
      <span aria-hidden="true" className="ml-4 flex">
        {offsets.map((offset) => (
          <AsciiCell key={offset} offset={offset} value={view.bytes[offset]!} layerAlt={layerAlt(view, offset)} />
        ))}
      </span>
    </div>
  );
});

/** Every other layer is shaded, so where one ends and the next begins shows without hovering. */
function layerAlt(view: FrameView, offset: number): boolean {
  return (view.layerOfByte[offset] ?? -1) % 2 === 1;
}

/** The classes a byte has for the whole life of its frame: layer shading and start, reserved, problems. */
function staticLook(view: FrameView, offset: number): string {
  const marks = view.byteMarks[offset]!;
  const out: string[] = [];
  if (layerAlt(view, offset)) out.push('byte-layer-alt');
  if (layerStartsAt(view, offset) && offset > 0) out.push('byte-layer-start');
  if (marks & BYTE_RESERVED) out.push('reserved-hatch');
  if (marks & BYTE_ERROR) out.push('byte-error');
  else if (marks & BYTE_WARNING) out.push('byte-warning');
  else if (marks & BYTE_NOTE) out.push('byte-note');
  if (marks & BYTE_UNCLAIMED) out.push('text-slate-500');
  return out.join(' ');
}

interface CellProps {
  readonly offset: number;
  readonly value: number;
  readonly look: string;
  readonly gap: boolean;
}

/** One byte: re-renders only when its own "selected" or "previewed" boolean flips. */
const HexCell = memo(function HexCell({ offset, value, look, gap }: CellProps) {
  const selected = useAppState(isByteSelected(offset));
  const previewed = useAppState(isBytePreviewed(offset));
  const caret = useAppState(isCursorAt(offset, 'hex'));
  return (
    <span
      role="gridcell"
      data-offset={offset}
      aria-selected={selected}
      data-caret={caret || undefined}
      className={`hex-cell cursor-pointer ${gap ? 'ml-2' : ''} ${look} ${selected ? 'bg-sky-700 font-semibold text-white' : previewed ? 'byte-preview' : ''} ${caret ? 'outline-2 -outline-offset-2 outline-amber-500' : ''}`}
    >
      {hexByte(value)}
    </span>
  );
});

const AsciiCell = memo(function AsciiCell({
  offset,
  value,
  layerAlt,
}: {
  offset: number;
  value: number;
  layerAlt: boolean;
}) {
  const selected = useAppState(isByteSelected(offset));
  const previewed = useAppState(isBytePreviewed(offset));
  const caret = useAppState(isCursorAt(offset, 'ascii'));
  const printable = value >= 0x20 && value < 0x7f;
  const look = selected
    ? 'bg-sky-700 text-white'
    : `${previewed ? 'byte-preview' : layerAlt ? 'byte-layer-alt' : ''} ${printable ? 'text-slate-800' : 'text-slate-500'}`;
  return (
    <span
      data-ascii-offset={offset}
      data-caret={caret || undefined}
      className={`inline-block w-[1ch] ${look} ${caret ? 'outline-2 -outline-offset-2 outline-amber-500' : ''}`}
    >
      {printable ? String.fromCharCode(value) : '.'}
    </span>
  );
});
