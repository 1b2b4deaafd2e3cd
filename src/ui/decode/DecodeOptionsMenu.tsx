import { useId, useState } from 'react';
import { decodeAsText, type DecodeAs } from '../../dissect';
import { setDecodeOptions } from '../../state/actions';
import {
  changedOptions,
  CHECKSUM_MODES,
  COTP_FORMATS,
  parsePort,
  portTaken,
  SEQUENCE_NUMBERS,
  suggestedRule,
  TCP_PORT_PROTOCOLS,
  withChecksums,
  withCotpFormat,
  withoutRule,
  withRule,
  withSequenceNumbers,
  type Checksums,
  type CotpFormat,
  type SequenceNumbers,
} from '../../state/decode-options';
import { currentView } from '../../state/selectors';
import { useAppState, useAppStore } from '../app/store-context';
import { HeaderPopover } from '../common/HeaderPopover';

const PROTOCOL_NAMES: Record<string, string> = {
  tpkt: 'TPKT (RFC 1006)',
  tls: 'TLS records (RFC 8446)',
  none: 'none (data)',
};
const FORMAT_NAMES: Record<CotpFormat, string> = {
  auto: 'Auto: inferred from LI',
  normal: 'Normal',
  extended: 'Extended',
};
const CHECKSUM_NAMES: Record<Checksums, string> = {
  auto: 'Auto: offload is not an error',
  on: 'On: every mismatch',
  off: 'Off',
};
const SEQUENCE_NAMES: Record<SequenceNumbers, string> = {
  relative: 'Relative to the connection start',
  absolute: 'As on the wire',
};

/** The header's "Decode options" button; it counts the settings that differ from the defaults. */
export function DecodeOptionsMenu() {
  const changed = useAppState((s) => changedOptions(s.options));
  return (
    <HeaderPopover
      label={
        <>
          Decode options
          {changed > 0 && (
            <>
              <span aria-hidden="true" className="bar-badge">
                {changed}
              </span>
              <span className="sr-only">({changed} set)</span>
            </>
          )}
        </>
      }
      title="Decode options"
      width="w-[30rem]"
    >
      <DecodeOptionsPanel />
    </HeaderPopover>
  );
}

function DecodeOptionsPanel() {
  const store = useAppStore();
  const options = useAppState((s) => s.options);
  const rules = options.decodeAs ?? [];
  const id = useId();
  return (
    <div className="flex flex-col gap-4">
      <section aria-labelledby={`${id}-as`} className="flex flex-col gap-2">
        <h2 id={`${id}-as`} className="pane-heading">
          Decode as
        </h2>
        <p className="text-xs text-slate-600">
          TCP ports 102 and 3389 are TPKT, and so is any payload that looks like one. A rule forces a port either way,
          as Wireshark's <span className="font-mono">-d tcp.port==N,tpkt</span> does.
        </p>
        {rules.length > 0 && (
          <ol className="flex flex-col gap-1.5">
            {rules.map((rule, index) => (
              <li key={index}>
                {rule.table === 'tcp.port' ? (
                  <TcpPortRule index={index} rule={rule} />
                ) : (
                  <OtherRule index={index} rule={rule} />
                )}
              </li>
            ))}
          </ol>
        )}
        <div>
          <button
            type="button"
            className="tool-button text-xs"
            onClick={() => {
              const state = store.getState();
              setDecodeOptions(
                store,
                withRule(state.options, rules.length, suggestedRule(state.options, currentView(state))),
              );
            }}
          >
            + Add rule
          </button>
        </div>
      </section>
      <Choice
        legend="COTP format"
        help="Normal or extended is agreed in CR/CC for the whole connection; a lone TPDU cannot say, so Auto infers it from LI (ISO 8073 13.7.4 NOTE) and says so."
        values={COTP_FORMATS}
        names={FORMAT_NAMES}
        chosen={options.cotpFormat ?? 'auto'}
        choose={(f) => setDecodeOptions(store, withCotpFormat(store.getState().options, f))}
      />
      <Choice
        legend="Checksums (IPv4 header, TCP)"
        help="A capture made on the sending host sees checksums its network card had yet to fill in. Auto knows them exactly (IPv4 0x0000, TCP and UDP the pseudo-header sum) and shows them as offloaded to the NIC, not as errors; any other mismatch is an error. On counts every mismatch; Off checks nothing, as Wireshark by default."
        values={CHECKSUM_MODES}
        names={CHECKSUM_NAMES}
        chosen={options.checksums ?? 'auto'}
        choose={(m) => setDecodeOptions(store, withChecksums(store.getState().options, m))}
      />
      <Choice
        legend="TCP sequence numbers"
        help="Relative, as Wireshark shows them by default: each direction counts from its initial sequence number (its SYN's, or the first seen minus one when the capture starts later), in tcp.seq, tcp.ack, tcp.nxtseq and the Info column. As on the wire: the raw numbers, which tcp.seq_raw and tcp.ack_raw always hold."
        values={SEQUENCE_NUMBERS}
        names={SEQUENCE_NAMES}
        chosen={options.relativeSequenceNumbers === false ? 'absolute' : 'relative'}
        choose={(n) => setDecodeOptions(store, withSequenceNumbers(store.getState().options, n))}
      />
    </div>
  );
}

/** One option as a row of radio buttons under its legend and what it means. */
function Choice<T extends string>({
  legend,
  help,
  values,
  names,
  chosen,
  choose,
}: {
  legend: string;
  help: string;
  values: readonly T[];
  names: Readonly<Record<T, string>>;
  chosen: T;
  choose: (value: T) => void;
}) {
  const name = useId();
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className="pane-heading mb-1">{legend}</legend>
      <p className="mb-1 text-xs text-slate-600">{help}</p>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {values.map((value) => (
          <label key={value} className="flex items-center gap-1.5 text-sm">
            <input type="radio" name={name} value={value} checked={chosen === value} onChange={() => choose(value)} />
            {names[value]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function RemoveButton({ index, what }: { index: number; what: string }) {
  const store = useAppStore();
  return (
    <button
      type="button"
      className="tool-button ml-auto"
      aria-label={`Remove rule ${index + 1}: ${what}`}
      onClick={() => setDecodeOptions(store, withoutRule(store.getState().options, index))}
    >
      Remove
    </button>
  );
}

/**
 * "TCP port [N] as [TPKT | none]". While the port box has focus it holds what is typed, applied as soon as it is a
 * valid port no other rule names; leaving it shows the rule's port again (a half-typed one is dropped).
 */
function TcpPortRule({ index, rule }: { index: number; rule: DecodeAs }) {
  const store = useAppStore();
  const [draft, setDraft] = useState<string | undefined>();
  const options = useAppState((s) => s.options);
  const id = useId();
  const typed = draft === undefined ? undefined : parsePort(draft);
  const error = typed === undefined ? undefined : typeof typed === 'string' ? typed : portTaken(options, index, typed);
  const onPort = (value: string) => {
    setDraft(value);
    const port = parsePort(value);
    const current = store.getState().options;
    if (typeof port === 'number' && port !== rule.key && portTaken(current, index, port) === undefined) {
      setDecodeOptions(store, withRule(current, index, { ...rule, key: port }));
    }
  };
  return (
    <div className="flex flex-col gap-0.5">
      <div className="flex items-center gap-2 text-sm">
        <label htmlFor={`${id}-port`}>TCP port</label>
        <input
          id={`${id}-port`}
          inputMode="numeric"
          value={draft ?? String(rule.key)}
          onBlur={() => setDraft(undefined)}
          aria-invalid={error !== undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onPort(e.target.value)}
          className={`w-20 rounded border px-1.5 py-0.5 font-mono text-sm ${error ? 'border-red-500 bg-red-50' : 'border-slate-300 bg-white'}`}
        />
        <label htmlFor={`${id}-protocol`}>as</label>
        <select
          id={`${id}-protocol`}
          value={rule.protocol}
          onChange={(e) =>
            setDecodeOptions(store, withRule(store.getState().options, index, { ...rule, protocol: e.target.value }))
          }
          className="rounded border border-slate-300 bg-white px-1 py-0.5 text-sm"
        >
          {[...new Set([...TCP_PORT_PROTOCOLS, rule.protocol])].map((p) => (
            <option key={p} value={p}>
              {PROTOCOL_NAMES[p] ?? p}
            </option>
          ))}
        </select>
        <RemoveButton index={index} what={decodeAsText(rule)} />
      </div>
      {error && (
        <p id={`${id}-error`} className="text-xs text-red-700">
          Not applied: {error}.
        </p>
      )}
    </div>
  );
}

/** A rule this panel cannot edit (from a link: an Ethernet type, an IP protocol): shown, and removable. */
function OtherRule({ index, rule }: { index: number; rule: DecodeAs }) {
  return (
    <div className="flex items-center gap-2 text-sm">
      <span className="font-mono">{decodeAsText(rule)}</span>
      <RemoveButton index={index} what={decodeAsText(rule)} />
    </div>
  );
}
