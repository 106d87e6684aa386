import { ApiError } from '../api';

/** A failure shown where the content would be: what failed, the server's message and hint. */
export function ErrorBox({ error, what }: { readonly error: Error; readonly what: string }) {
  return (
    <div className="error-box" role="alert">
      <strong>Could not {what}.</strong> {error.message}
      {error instanceof ApiError && error.hint !== undefined && <p className="hint">{error.hint}</p>}
    </div>
  );
}
