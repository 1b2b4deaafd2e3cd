// npm run compare's engine on a few real captures: framescope and tshark agree on at least 99.5 % of the TPKT,
// COTP and core fields they both have. Skipped where tshark is not installed.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { agreement, compareCapture, emptyComparison, tsharkFieldIds } from './compare-lib';

const hasTshark = (() => {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const capture = (name: string) => fileURLToPath(new URL(`../../shared/captures/${name}`, import.meta.url));

describe.skipIf(!hasTshark)('framescope vs tshark on real captures', () => {
  test('S7, MMS and RDP captures agree field by field', { timeout: 120_000 }, async () => {
    const known = tsharkFieldIds();
    const c = emptyComparison(known);
    for (const name of [
      'ndpi_s7comm.pcap',
      'iec61850_read.pcap',
      'zeek_rdp-x509.pcap',
      'S7-1511_db2_var1_HMI.pcap',
      'ndpi_h323.pcap',
    ]) {
      await compareCapture(c, capture(name), name);
    }
    const { agree, total } = agreement(c);
    expect(c.frames).toBeGreaterThan(100);
    expect(agree / total).toBeGreaterThanOrEqual(0.995);
    // The COTP TPDU types both decoders saw agree exactly.
    const type = c.byId.get('cotp.type')!;
    expect(type.disagree + type.onlyTshark + type.onlyFramescope).toBe(0);
  });
});
