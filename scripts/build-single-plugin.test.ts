import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inlinePage, singleFilePolicy } from './build-single-plugin.mjs';

const VITE_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta http-equiv="Content-Security-Policy" content="default-src 'self'">
    <meta charset="UTF-8" />
    <title>framescope</title>
    <link rel="manifest" href="./manifest.webmanifest" />
    <script type="module" crossorigin src="./assets/index-abc.js"></script>
    <link rel="stylesheet" crossorigin href="./assets/index-def.css">
  </head>
  <body>
    <div id="root"></div>
  </body>
</html>`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const policyOf = (page: string) =>
  /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1] ?? '';

describe('inlinePage', () => {
  const page = inlinePage(VITE_PAGE, { script: 'document.title = "a</script>b";', style: 'body{color:red}' });

  it('puts the script and the style inline and drops every reference to a file', () => {
    expect(page).toContain('<style>body{color:red}</style>');
    expect(page).toContain('<script type="module">document.title = "a<\\/script>b";</script>');
    expect(page).not.toMatch(/src=|rel="stylesheet"|rel="manifest"|\.\/assets\//);
  });

  it('allows exactly that script and that style, by the SHA-256 of the text in the page', () => {
    const policy = policyOf(page);
    expect(policy).toContain(`script-src ${hash('document.title = "a<\\/script>b";')};`);
    expect(policy).toContain(`style-src ${hash('body{color:red}')};`);
    expect(policy).not.toMatch(/unsafe|'self'/);
    expect(page.match(/Content-Security-Policy/g)).toHaveLength(1);
  });

  it('puts the policy before anything it governs, and the script after #root', () => {
    expect(page.indexOf('Content-Security-Policy')).toBeLessThan(page.indexOf('<style>'));
    expect(page.indexOf('<div id="root">')).toBeLessThan(page.indexOf('<script'));
  });

  it('keeps "$" sequences in the bundle as they are', () => {
    const script = 'const a = "$&$1$$";';
    expect(inlinePage(VITE_PAGE, { script, style: '' })).toContain(`<script type="module">${script}</script>`);
  });

  it('refuses text that would end or bend the element early', () => {
    expect(() => inlinePage(VITE_PAGE, { script: 'x = "<!--"', style: '' })).toThrow(/<!--/);
    expect(() => inlinePage(VITE_PAGE, { script: '', style: 'a{content:"</style>"}' })).toThrow(/<\/style/);
  });
});

describe('singleFilePolicy', () => {
  it('trusts nothing by default: no connections, workers from blob: only', () => {
    const policy = singleFilePolicy({ script: 's', style: 't' });
    expect(policy.split('; ')).toEqual([
      "default-src 'none'",
      `script-src ${hash('s')}`,
      `style-src ${hash('t')}`,
      'img-src data:',
      'font-src data:',
      "connect-src 'none'",
      'worker-src blob:',
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ]);
  });
});
