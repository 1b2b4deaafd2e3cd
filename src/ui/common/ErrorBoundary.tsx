import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What failed, for the message: "the app", "the field tree". */
  readonly what: string;
  readonly children: ReactNode;
}

interface State {
  readonly error: Error | undefined;
}

/**
 * Shows a message instead of a blank page when rendering throws. The user's text lives in the store,
 * outside this boundary, so "Try again" re-renders without losing it. (React only offers classes for this.)
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`framescope: ${this.props.what} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div role="alert" className="m-2 rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
        <p className="font-semibold">Sorry — {this.props.what} failed to show.</p>
        <p className="mt-1 font-mono text-xs break-all">{error.message}</p>
        <button
          type="button"
          onClick={() => this.setState({ error: undefined })}
          className="mt-2 rounded border border-red-300 bg-white px-2 py-0.5 text-xs hover:bg-red-100"
        >
          Try again
        </button>
      </div>
    );
  }
}
