import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createAppStore } from '../../state/store';
import { ErrorBoundary } from '../common/ErrorBoundary';
import { App } from './App';
import { StoreContext } from './store-context';

// jsdom gives modules an http: import.meta.url, so the fixture is found from the repo root (vitest's cwd).
const KB = readFileSync(resolve(process.cwd(), '../shared/fixtures/kb151626-connect-confirm.txt'), 'utf8');

// jsdom has no layout: give scroll containers a size so the hex view's virtualiser renders rows.
beforeAll(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(400);
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800);
});

function renderApp() {
  const store = createAppStore();
  render(
    <StoreContext value={store}>
      <App />
    </StoreContext>,
  );
  return store;
}

describe('App', () => {
  it('links the tree, the hex view and the detail panel', () => {
    renderApp();
    fireEvent.change(screen.getByRole('textbox', { name: 'Frame bytes (hex dump)' }), { target: { value: KB } });

    const tree = screen.getByRole('tree');
    const reserved = tree.querySelector('[data-field-id="tpkt.reserved"]')!;
    expect(reserved).toHaveAttribute('data-field-offset', '55');
    expect(within(reserved as HTMLElement).getByText('reserved')).toBeInTheDocument();
    fireEvent.click(reserved);

    expect(tree.querySelectorAll('[role="treeitem"][aria-selected="true"]')).toHaveLength(1);
    const grid = screen.getByRole('grid');
    const lit = grid.querySelectorAll('[role="gridcell"][aria-selected="true"]');
    expect([...lit].map((c) => c.getAttribute('data-offset'))).toEqual(['55']);

    const detail = screen.getByRole('region', { name: 'Field detail' });
    expect(detail).toHaveTextContent('tpkt.reserved');
    const links = within(detail).getAllByRole('link', { name: 'RFC 1006 §6' });
    for (const link of links) {
      expect(link).toHaveAttribute('target', '_blank');
      expect(link).toHaveAttribute('rel', 'noreferrer');
    }
    expect(within(detail).getByRole('link', { name: 'RFC 1122 §1.2.2' })).toBeInTheDocument();

    fireEvent.click(grid.querySelector('[data-offset="64"]')!);
    const selected = tree.querySelector('[role="treeitem"][aria-selected="true"]')!;
    expect(selected.getAttribute('data-field-id')).toMatch(/^cotp\.(class|opts)/);
    expect(detail).toHaveTextContent(/Bits\s*0000 \.\.\.\./);
  });

  it('layer headers are tree items without a field id', () => {
    renderApp();
    fireEvent.change(screen.getByRole('textbox', { name: 'Frame bytes (hex dump)' }), { target: { value: KB } });
    const headers = screen.getAllByRole('treeitem').filter((el) => el.hasAttribute('data-layer'));
    expect(headers.map((h) => h.getAttribute('data-layer'))).toEqual(['eth', 'ip', 'tcp', 'tpkt', 'cotp']);
    for (const h of headers) expect(h).not.toHaveAttribute('data-field-id');
  });
});

describe('ErrorBoundary', () => {
  it('shows a message instead of a blank pane, and can try again', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    let fail = true;
    function Flaky() {
      if (fail) throw new Error('boom');
      return <p>recovered</p>;
    }
    render(
      <ErrorBoundary what="the test pane">
        <Flaky />
      </ErrorBoundary>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('the test pane failed');
    expect(screen.getByRole('alert')).toHaveTextContent('boom');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('recovered')).toBeInTheDocument();
    quiet.mockRestore();
  });
});
