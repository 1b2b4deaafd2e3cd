import type { ReactNode } from 'react';
import type { FollowChunk as Chunk, FollowData } from '../../dissect/stream/follow';
import { asciiChar, endpointText, followHexLines, hex2, type FollowFormat } from '../../export/follow-text';
import type { Endpoint } from '../../dissect/stream';

/** Each node's colours, as Wireshark's Follow has them (client red, server blue); each chunk also says its node. */
export const NODE_STYLE = [
  'border-rose-400 bg-rose-50 text-rose-900',
  'border-sky-400 bg-sky-50 text-sky-900',
] as const;

/** ASCII as tshark's Follow shows it: printable characters, line breaks kept, anything else a dot. */
const asciiOf = (bytes: Uint8Array) => Array.from(bytes, asciiChar).join('');

/** The mark where a TPKT starts: a small badge before its first byte (named for screen readers too). */
function TpktMark() {
  return (
    <span
      className="mx-0.5 rounded-sm border border-amber-400 bg-amber-100 px-0.5 align-[1px] font-sans text-[9px] font-semibold text-amber-900"
      title="A TPKT (RFC 1006) starts here"
      data-testid="tpkt-mark"
    >
      TPKT
    </span>
  );
}

/** The bytes cut where TPKTs start, each piece rendered by `render` after its mark. */
function piecesWithMarks(data: FollowData, render: (bytes: Uint8Array) => string): ReactNode[] {
  const cuts = [...new Set([0, ...data.tpkts, data.bytes.length])].sort((a, b) => a - b);
  const out: ReactNode[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [from, to] = [cuts[i]!, cuts[i + 1]!];
    if (data.tpkts.includes(from)) out.push(<TpktMark key={`m${from}`} />);
    out.push(render(data.bytes.subarray(from, to)));
  }
  return out;
}

/** A hex dump's lines (tshark's layout), with the byte where each TPKT starts outlined. */
function HexDump({ data }: { data: FollowData }) {
  const lines = followHexLines(data.bytes, data.offset);
  return lines.map((line, row) => {
    const starts = data.tpkts.filter((t) => t >= row * 16 && t < row * 16 + 16).map((t) => t - row * 16);
    if (starts.length === 0) return <div key={row}>{line}</div>;
    // Offset (10 characters), then each byte's two digits at 10 + 3i (+1 past the eighth).
    const at = (i: number) => 10 + 3 * i + (i >= 8 ? 1 : 0);
    const parts: ReactNode[] = [];
    let from = 0;
    for (const i of starts) {
      parts.push(line.slice(from, at(i)));
      parts.push(
        <mark
          key={i}
          title="A TPKT (RFC 1006) starts here"
          data-testid="tpkt-mark"
          className="rounded-sm bg-amber-200 text-amber-950 ring-1 ring-amber-500"
        >
          {line.slice(at(i), at(i) + 2)}
        </mark>,
      );
      from = at(i) + 2;
    }
    parts.push(line.slice(from));
    return <div key={row}>{parts}</div>;
  });
}

function ChunkBytes({ data, format }: { data: FollowData; format: FollowFormat }) {
  if (format === 'hex') return <HexDump data={data} />;
  if (format === 'raw') return <>{piecesWithMarks(data, (b) => Array.from(b, hex2).join(''))}</>;
  return <>{piecesWithMarks(data, asciiOf)}</>;
}

/**
 * One chunk: a heading that names its node and links to its frame, then its bytes in the chosen format. Node 1's
 * chunks are indented, as tshark indents them.
 */
export function FollowChunkView({
  chunk,
  nodes,
  format,
  selected,
  onFrame,
}: {
  chunk: Chunk;
  nodes: readonly [Endpoint, Endpoint];
  format: FollowFormat;
  selected: boolean;
  onFrame: (frame: number) => void;
}) {
  const node = `Node ${chunk.direction} (${endpointText(nodes[chunk.direction])})`;
  if (chunk.kind === 'gap')
    return (
      <li className="my-1 rounded border border-dashed border-amber-400 bg-amber-50 px-2 py-1 text-xs text-amber-900">
        {node}: {chunk.missing} byte{chunk.missing === 1 ? '' : 's'} missing in the capture
        {chunk.afterGap ? ' (never acknowledged: tshark shows nothing of this direction from here on)' : ''}
        {' — '}
        <FrameLink frame={chunk.frame} onFrame={onFrame} />
      </li>
    );
  return (
    <li
      className={`my-1 rounded border-l-4 px-2 py-1 ${NODE_STYLE[chunk.direction]} ${chunk.direction === 1 ? 'ml-3 sm:ml-6' : 'mr-3 sm:mr-6'} ${selected ? 'ring-2 ring-sky-600' : ''}`}
      data-direction={chunk.direction}
    >
      <div className="flex flex-wrap items-baseline gap-x-2 font-sans text-[11px]">
        <span className="font-semibold">
          {chunk.direction === 0 ? '→' : '←'} {node}
        </span>
        <span>
          {chunk.bytes.length} byte{chunk.bytes.length === 1 ? '' : 's'}
        </span>
        {chunk.tpkts.length > 0 && (
          <span>{chunk.tpkts.length === 1 ? '1 TPKT starts here' : `${chunk.tpkts.length} TPKTs start here`}</span>
        )}
        <FrameLink frame={chunk.frame} onFrame={onFrame} />
      </div>
      <pre
        className={`font-mono text-[11px] leading-4 text-slate-900 ${format === 'hex' ? 'overflow-x-auto whitespace-pre' : 'break-all whitespace-pre-wrap'}`}
      >
        <ChunkBytes data={chunk} format={format} />
      </pre>
    </li>
  );
}

function FrameLink({ frame, onFrame }: { frame: number; onFrame: (frame: number) => void }) {
  return (
    <button
      type="button"
      className="ml-auto font-sans text-[11px] text-sky-700 underline hover:text-sky-900"
      onClick={() => onFrame(frame)}
    >
      Frame {frame}
    </button>
  );
}
