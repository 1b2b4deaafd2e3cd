// The capture-wide tally behind the Expert Information view and `npm run census`: groups by severity, code, field
// and message gist; frames counted once per group; a frame counted again when its facts change.
import { describe, expect, it } from 'vitest';
import { createExpertTally, problemGist } from './expert';
import type { Problem } from './model';

const checksum = (stored: string, computed: string): Problem => ({
  severity: 'error',
  code: 'checksum-bad',
  message: `TCP checksum is ${stored}, computed ${computed} over pseudo-header, header and 12 data bytes`,
  fieldId: 'tcp.checksum',
});
const gap = (bytes: number): Problem => ({
  severity: 'warning',
  code: 'segment-missing',
  message: `${bytes} bytes of this direction were not captured before this segment`,
  fieldId: 'tcp.seq_raw',
});
const retransmission: Problem = {
  severity: 'note',
  code: 'retransmission',
  message: 'Retransmission: 19 bytes this direction already carried (first sent in frame 7), the same again',
  fieldId: 'tcp.segment_data',
};
const keepAlive: Problem = {
  severity: 'note',
  code: 'retransmission',
  message: 'TCP keep-alive: one byte already sent, sent again; not decoded',
  fieldId: 'tcp.segment_data',
};

describe('problemGist', () => {
  it('replaces the particulars, so the same finding about other values reads the same', () => {
    expect(problemGist(checksum('0x1a2b', '0x3c4d').message)).toBe(problemGist(checksum('0xffff', '0x0001').message));
    expect(problemGist('TCP checksum is 0x1a2b, computed 0x3c4d')).toBe('TCP checksum is …, computed …');
    expect(problemGist('from 10.0.0.1 to 10.0.0.2, 3-4 octets')).toBe('from … to … octets');
    expect(problemGist('TCP keep-alive: one byte')).toBe('TCP keep-alive: one byte');
  });
});

describe('createExpertTally', () => {
  it('groups by severity, code, field and gist, errors first and the most frequent first within a severity', () => {
    const tally = createExpertTally();
    tally.set(1, [checksum('0x0001', '0x0002')]);
    tally.set(2, []);
    tally.set(3, [checksum('0x0003', '0x0004'), gap(7)]);
    tally.set(4, [retransmission]);
    tally.set(5, [keepAlive, retransmission]);
    tally.set(6, [keepAlive]);
    tally.set(7, [keepAlive]);
    const summary = tally.summary();
    expect(summary.frames).toBe(7);
    expect(summary.framesWith).toEqual({ error: 2, warning: 1, note: 4 });
    expect(
      summary.groups.map((g) => [g.severity, g.code, g.fieldId, g.problems, [...g.frames], g.example.slice(0, 16)]),
    ).toEqual([
      ['error', 'checksum-bad', 'tcp.checksum', 2, [1, 3], 'TCP checksum is '],
      ['warning', 'segment-missing', 'tcp.seq_raw', 1, [3], '7 bytes of this '],
      ['note', 'retransmission', 'tcp.segment_data', 3, [5, 6, 7], 'TCP keep-alive: '],
      ['note', 'retransmission', 'tcp.segment_data', 2, [4, 5], 'Retransmission: '],
    ]);
  });

  it('lists a frame once in a group however many of its problems the group holds, and counts every problem', () => {
    const tally = createExpertTally();
    tally.set(9, [gap(1), gap(2), gap(3)]);
    const [group] = tally.summary().groups;
    expect(group).toMatchObject({ problems: 3 });
    expect([...group!.frames]).toEqual([9]);
  });

  it('counts a frame again from scratch when its facts change (a later segment shows a gap before it)', () => {
    const tally = createExpertTally();
    tally.set(1, [retransmission]);
    tally.set(2, [checksum('0x0001', '0x0002')]);
    tally.set(1, [gap(5)]);
    const summary = tally.summary();
    expect(summary.frames).toBe(2);
    expect(summary.framesWith).toEqual({ error: 1, warning: 1, note: 0 });
    expect(summary.groups.map((g) => [g.code, [...g.frames]])).toEqual([
      ['checksum-bad', [2]],
      ['segment-missing', [1]],
    ]);
    tally.set(2, []);
    expect(tally.summary().groups.map((g) => g.code)).toEqual(['segment-missing']);
    expect(tally.summary().framesWith).toEqual({ error: 0, warning: 1, note: 0 });
  });

  it('keeps frames ascending when they arrive out of order (a frame held back until its PDU completes)', () => {
    const tally = createExpertTally();
    for (const n of [1, 4, 2, 3]) tally.set(n, [retransmission]);
    expect([...tally.summary().groups[0]!.frames]).toEqual([1, 2, 3, 4]);
    expect(tally.summary().frames).toBe(4);
  });

  it('folds messages into one group per severity, code and field past 2000 gists (bounded memory)', () => {
    const tally = createExpertTally();
    for (let n = 1; n <= 2100; n++)
      tally.set(n, [
        { severity: 'note', code: 'undecoded', message: `payload ${'x'.repeat(n % 2100)}`, fieldId: 'data.data' },
      ]);
    const summary = tally.summary();
    expect(summary.groups.length).toBe(2001);
    const folded = summary.groups.find((g) => g.gist.startsWith('(various messages'))!;
    expect(folded.problems).toBe(100);
  });
});
