// -T fields against tshark: each case of __fields__/cases.json runs framescope on a shared capture and compares with
// what tshark 4.0 wrote for the same arguments (scripts/fields-expected.mjs wrote the files; tshark is not needed here).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { main } from './cli';
import { parseArgs } from './args';

const DIR = new URL('./__fields__/', import.meta.url);
const CAPTURES = new URL('../../../shared/captures/', import.meta.url);
const KB = fileURLToPath(new URL('../../../shared/fixtures/kb151626-connect-confirm.txt', import.meta.url));

interface Case {
  readonly name: string;
  readonly capture: string;
  readonly reassembly: boolean;
  readonly args: readonly string[];
}
const { cases } = JSON.parse(readFileSync(new URL('cases.json', DIR), 'utf8')) as { cases: Case[] };

async function run(argv: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { status, stdout, stderr };
}

describe.each(cases)('-T fields on $capture ($name)', (c) => {
  test('writes what tshark writes', async () => {
    const capture = fileURLToPath(new URL(c.capture, CAPTURES));
    const result = await run([capture, ...(c.reassembly ? [] : ['--no-reassembly']), ...c.args]);
    // The only stderr line a capture may get: which hosts left their checksums to the NIC (stdout is untouched).
    expect(result.stderr).toMatch(/^(framescope: [^\n]*: Checksums offloaded to the NIC on [^\n]*\n)?$/);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(readFileSync(new URL(`${c.name}.txt`, DIR), 'utf8'));
  });
});

describe('-T fields options', () => {
  const format = (...e: string[]) => {
    const parsed = parseArgs(['-T', 'fields', '-e', 'frame.number', ...e.flatMap((o) => ['-E', o])]);
    return parsed.ok ? parsed.options.fields?.format : parsed.error;
  };

  test('-E values are read as tshark reads them: the first character decides', () => {
    expect(format('header=yes', 'quote=double', 'occurrence=last')).toMatchObject({
      header: true,
      quote: '"',
      occurrence: 'last',
    });
    expect(format('separator=/t')).toMatchObject({ separator: '\t' });
    expect(format('separator=/s', 'aggregator=/s')).toMatchObject({ separator: ' ', aggregator: ' ' });
    expect(format('separator=ab', 'aggregator=;')).toMatchObject({ separator: 'a', aggregator: ';' });
    // tshark: "/" before anything but t or s (only s for the aggregator) is a backslash.
    expect(format('separator=/x', 'aggregator=/t')).toMatchObject({ separator: '\\', aggregator: '\\' });
  });

  test.each(['header', 'header=Y', 'separator=', 'occurrence=2', 'quote=x', 'foo=bar'])('-E %s is refused', (o) => {
    expect(format(o)).toMatch(/is not a valid field output option=value pair/);
  });

  test('getopt forms: -Tfields -eID -Eheader=y', () => {
    const parsed = parseArgs(['-Tfields', '-eip.src', '-Eheader=y', 'F']);
    expect(parsed.ok && parsed.options).toMatchObject({
      mode: 'fields',
      file: 'F',
      fields: { ids: ['ip.src'], format: { header: true } },
    });
  });

  test.each([
    [['-T', 'fields', KB], '-T fields needs the fields to write'],
    [['-e', 'ip.src', KB], '-e needs -T fields'],
    [['-E', 'header=y', KB], '-E needs -T fields'],
    [['-V', '-T', 'fields', '-e', 'ip.src', KB], 'cannot be combined'],
  ])('%j is a usage error', async (argv, message) => {
    const result = await run(argv);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
  });
});

describe('-T fields output', () => {
  test('an unknown field: nothing is read, exit status 2, each bad name on a line as tshark lists them', async () => {
    const result = await run(['-T', 'fields', '-e', 'ip.src', '-e', 'bogus.x', '-e', 'frame.nope', KB]);
    expect(result).toEqual({
      status: 2,
      stdout: '',
      stderr: "framescope: Some fields aren't valid:\n\tbogus.x\n\tframe.nope\n",
    });
  });

  test('a pasted frame has no timestamps: the time fields are empty; columns and values as for a capture', async () => {
    const result = await run(
      ['-T', 'fields', '-e', 'frame.number', '-e', 'frame.time_epoch', '-e', 'frame.len', '-e', 'tpkt.reserved'].concat(
        ['-e', 'cotp.type', '-e', 'cotp.destref', '-e', '_ws.col.Protocol', '-e', '_ws.col.Info', KB],
      ),
    );
    expect(result.stdout).toBe('1\t\t98\t17\t0x0d\t0x01ca\tCOTP\tCC TPDU src-ref: 0x0029 dst-ref: 0x01ca\n');
  });

  test('-E bom=y starts the output with a UTF-8 byte order mark, before the header', async () => {
    const result = await run(['-T', 'fields', '-e', 'frame.number', '-E', 'bom=y', '-E', 'header=y', KB]);
    expect(result.stdout).toBe('\ufeffframe.number\n1\n');
  });

  test('a grouping field is written as 1 when present (tshark: FT_NONE), a protocol as its tree line', async () => {
    const result = await run(['-T', 'fields', '-e', 'cotp.parameter', '-e', 'tcp.options.mss', '-e', 'tpkt', KB]);
    expect(result.stdout).toBe('1,1,1\t\tTPKT, Version: 3, Length: 44\n');
  });
});
