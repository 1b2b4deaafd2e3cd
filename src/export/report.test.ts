import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { dissectFrame, fieldsById } from '../dissect';
import { parseText } from '../inputs';
import { dissectionJson } from './json';
import { textReport } from './report';

const KB_TEXT = readFileSync(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url), 'utf8');
const KB = parseText(KB_TEXT).frames[0]!;
const FRAME = dissectFrame(KB.bytes, KB.linkType, 1);

describe('plain-text report', () => {
  const report = textReport({
    frame: FRAME,
    bytes: KB.bytes,
    selected: fieldsById(FRAME, 'tpkt.reserved')[0]!,
    link: 'https://example.test/#v1.AAAA',
  });

  test('says what is wrong, where, and by which rule, before the tree', () => {
    const problems = report.indexOf('Problems: 1 note');
    expect(problems).toBeGreaterThan(0);
    expect(problems).toBeLessThan(report.indexOf('Decoded fields'));
    expect(report).toMatch(
      /\[note: reserved-nonzero\] tpkt\.reserved, byte 55 \(0x37\): .*\(RFC 1006 §6; see also RFC 1122 §1\.2\.2\)/,
    );
  });

  test('names the selected field with its value, meaning and citation', () => {
    expect(report).toContain('Selected field: tpkt.reserved, byte 55 (0x37)');
    expect(report).toMatch(/\n {4}Reserved: 17 \(0x11\) \(reserved\)\n/);
  });

  test('has the decoded tree, the bytes framescope reads back, every rule with its link, and the permalink', () => {
    expect(report).toContain('TPKT, Version: 3, Length: 44');
    const dump = report.slice(report.indexOf('\n0000  '), report.indexOf('\n\nReferences:'));
    expect(parseText(dump).frames[0]!.bytes).toEqual(KB.bytes);
    expect(report).toContain(
      'RFC 1006 §6: ISO Transport Service on top of the TCP, Version: 3. https://www.rfc-editor.org/rfc/rfc1006.html#section-6',
    );
    expect(report).toContain('RFC 1122 §1.2.2: ');
    expect(report.trimEnd().endsWith('Open this frame in framescope: https://example.test/#v1.AAAA')).toBe(true);
  });

  test('a frame without problems says so; no selection, no link: no such sections', () => {
    const clean = parseText('45 00 00 14 00 00 40 00 40 06 00 00 0a 00 00 01 0a 00 00 02').frames[0]!;
    const text = textReport({ frame: dissectFrame(clean.bytes, clean.linkType, 1), bytes: clean.bytes });
    expect(text).not.toContain('Selected field');
    expect(text).not.toContain('Open this frame');
  });
});

describe('JSON export', () => {
  test('is the CLI document: frames, the schema of the ids used, input problems', () => {
    const doc = JSON.parse(dissectionJson([FRAME])) as {
      frames: unknown[];
      schema: Record<string, unknown>;
      problems: unknown[];
    };
    expect(doc.frames).toEqual([JSON.parse(JSON.stringify(FRAME))]);
    expect(Object.keys(doc.schema)).toContain('tpkt.reserved');
    expect(doc.problems).toEqual([]);
  });
});
