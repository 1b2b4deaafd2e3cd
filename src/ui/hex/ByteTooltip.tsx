import { useLayoutEffect, useRef, useState } from 'react';
import type { ByteInfo } from '../../state/byte-info';
import { offsetText } from '../../state/format';
import { SeverityIcon } from '../common/SeverityIcon';
import { hexNumber } from '../../dissect';

/** Where the byte under the pointer is on screen: the tooltip goes above it, or below when there is no room. */
export interface Anchor {
  readonly left: number;
  readonly top: number;
  readonly bottom: number;
}

const MARGIN = 6;

/** What the byte under the pointer is: its field(s) with value and citation, and the layer (which PDU) it is in. */
export function ByteTooltip({ info, anchor }: { info: ByteInfo; anchor: Anchor }) {
  const ref = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<{ left: number; top: number } | undefined>();
  useLayoutEffect(() => {
    const box = ref.current?.getBoundingClientRect();
    if (!box) return;
    const above = anchor.top - box.height - MARGIN;
    const top = above >= MARGIN ? above : anchor.bottom + MARGIN;
    const left = Math.max(MARGIN, Math.min(anchor.left, window.innerWidth - box.width - MARGIN));
    setPlace({ left, top });
  }, [anchor, info]);
  const { layer } = info;
  return (
    <div
      ref={ref}
      role="tooltip"
      id="byte-tooltip"
      style={{
        left: place?.left ?? anchor.left,
        top: place?.top ?? anchor.bottom + MARGIN,
        visibility: place ? 'visible' : 'hidden',
      }}
      className="pointer-events-none fixed z-40 flex max-w-md flex-col gap-1 rounded border border-slate-300 bg-white px-2.5 py-1.5 font-sans text-xs text-slate-900 shadow-lg"
    >
      <p className="font-mono text-slate-600">
        byte {offsetText(info.offset)} = {hexNumber(info.value, 2)}
      </p>
      {info.fields.map((f) => (
        <div key={f.key}>
          <p className="flex items-center gap-1 font-mono font-medium">
            {f.severity && <SeverityIcon severity={f.severity} />}
            <span className="break-all">{f.label}</span>
          </p>
          <p className="text-slate-600">
            <span className="font-mono">{f.id}</span>
            {f.reserved && <> · reserved</>}
            {f.cite && <> · {f.cite}</>}
          </p>
        </div>
      ))}
      {layer && (
        <p className="border-t border-slate-200 pt-1 text-slate-700">
          {layer.starts ? 'Starts ' : 'In '}
          {layer.ordinal ? `${layer.protocol.toUpperCase()} PDU ${layer.ordinal}: ` : ''}
          {layer.summary}
        </p>
      )}
    </div>
  );
}
