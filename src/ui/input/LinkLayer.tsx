import { LINK_TYPES } from '../../inputs';
import { setLinkTypeOverride } from '../../state/actions';
import { useAppState, useAppStore } from '../app/store-context';

const DETECTED = 'detected';

/** The link layer the frames are decoded with: detected from the bytes, or the user's choice. */
export function LinkLayer() {
  const store = useAppStore();
  const detected = useAppState((s) => s.input?.detectedLinkType);
  const assumed = useAppState((s) => s.input?.linkTypeAssumed ?? false);
  const override = useAppState((s) => s.linkTypeOverride);
  const current = assumed ? `Assumed: ${detected ?? 'Ethernet II'}` : `Detected: ${detected ?? 'none'}`;
  return (
    <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-700">
      <label htmlFor="link-layer" className="font-medium">
        Link layer
      </label>
      <select
        id="link-layer"
        value={override === undefined ? DETECTED : String(override)}
        onChange={(e) => setLinkTypeOverride(store, e.target.value === DETECTED ? undefined : Number(e.target.value))}
        className={`min-w-0 flex-1 rounded border px-1 py-0.5 text-xs ${override === undefined ? 'border-slate-300 bg-white' : 'border-amber-500 bg-amber-50'} ${assumed && override === undefined ? 'text-amber-800' : 'text-slate-900'}`}
      >
        <option value={DETECTED}>{current}</option>
        <optgroup label="Decode every frame as">
          {LINK_TYPES.map((t) => (
            <option key={t.value} value={t.value}>
              {t.name} (LINKTYPE {t.value})
            </option>
          ))}
        </optgroup>
      </select>
      {override === undefined && assumed && (
        <span className="w-full text-amber-800">
          The bytes fit no link layer framescope knows, so Ethernet II is assumed: choose one if you know it.
        </span>
      )}
      {override !== undefined && (
        <span className="w-full text-slate-500">
          Your choice; the bytes say {detected ?? 'nothing'}.{' '}
          <button
            type="button"
            onClick={() => setLinkTypeOverride(store, undefined)}
            className="text-sky-800 underline hover:text-sky-950"
          >
            Detect again
          </button>
        </span>
      )}
    </div>
  );
}
