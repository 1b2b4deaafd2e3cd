import { useEffect, useState, type ChangeEvent } from 'react';
import { openFile } from '../../state/open-file';
import { warmCaptureWorker } from '../../state/capture-actions';
import { useAppStore } from '../app/store-context';

/** True when a drag carries files (not text dragged from the page). */
const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

/**
 * Drop a file anywhere on the page, or paste one (a file copied in the file manager): a capture opens in the packet
 * list, a text dump goes into the text box. Which is which is read from the file's bytes, not its name; any other file
 * is not opened, and a message says what it is (open-file.ts).
 */
export function FileDrop() {
  const store = useAppStore();
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    let depth = 0;
    const onDragEnter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      // A file on its way: the capture worker starts now, so that its first rows do not wait for its script.
      warmCaptureWorker(store);
      depth++;
      setDragging(true);
    };
    const onDragLeave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDragOver = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (e: DragEvent) => {
      depth = 0;
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      void openFile(store, file);
    };
    const onPaste = (e: ClipboardEvent) => {
      const file = e.clipboardData?.files[0];
      if (!file) return;
      e.preventDefault();
      void openFile(store, file);
    };
    window.addEventListener('dragenter', onDragEnter);
    window.addEventListener('dragleave', onDragLeave);
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('dragenter', onDragEnter);
      window.removeEventListener('dragleave', onDragLeave);
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
      document.removeEventListener('paste', onPaste);
    };
  }, [store]);

  if (!dragging) return null;
  return (
    <div
      aria-hidden="true"
      className="pointer-events-none fixed inset-0 z-50 flex items-center justify-center bg-sky-900/40"
    >
      <p className="rounded-lg border-2 border-dashed border-white bg-sky-900/80 px-8 py-6 text-lg font-medium text-white">
        Drop a capture (pcap, pcapng, gzip) or a text dump to open it
      </p>
    </div>
  );
}

/** The header's "Open file…" button: a file input behind a label, so the keyboard and screen readers reach it. */
export function OpenFileButton() {
  const store = useAppStore();
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) void openFile(store, file);
    e.target.value = ''; // the same file can be opened again
  };
  // The pointer on the button or the focus on the input: the capture worker starts while the user picks a file, so
  // that the file's first rows do not wait for its script. Not before: until the user reaches for a file, the page asks
  // for nothing after it has loaded (e2e/share.spec.ts, privacy.spec.ts).
  const warm = () => warmCaptureWorker(store);
  return (
    <label className="bar-button cursor-pointer" onPointerEnter={warm} onPointerDown={warm} onFocus={warm}>
      Open capture…
      <input
        type="file"
        aria-label="Open a capture file (pcap, pcapng, gzip) or a text dump"
        className="sr-only"
        onChange={onChange}
      />
    </label>
  );
}
