import { Component, type ReactNode } from 'react';

/** A rendering bug shows a message and a way back instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="alert" role="alert">
        <span>
          Something went wrong while drawing the page: {this.state.error.message}.{' '}
          <button type="button" onClick={() => location.reload()}>
            Reload
          </button>
        </span>
      </div>
    );
  }
}
