// The two browser services the Share / Export menu needs: the clipboard, and saving a file. Both stay on the
// machine: a download is a blob: URL made here, never a request.

/** Copies text; false when the browser refused (no clipboard API outside a secure context, or no permission). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Served over plain http from a LAN address there is no navigator.clipboard: the older way still works.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}

export function saveFile(name: string, type: string, data: Uint8Array | string): void {
  const blob = new Blob([typeof data === 'string' ? data : new Uint8Array(data)], { type });
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The download has started by the time the click returns; the URL is freed later, not while it is read.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
