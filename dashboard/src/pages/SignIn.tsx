import { useState, type FormEvent } from "react";
import { checkToken, type ViewerInfo } from "../session";

export function SignIn({ reason, onSignedIn }: { reason: string | null; onSignedIn: (token: string, viewer: ViewerInfo) => void }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = token.trim();
    if (!value) return setError("paste a token first");
    setBusy(true);
    setError(null);
    try {
      onSignedIn(value, await checkToken(value));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const shown = error ?? reason;
  return (
    <main className="signin">
      <h1>Runyard</h1>
      <form onSubmit={submit} aria-describedby="signin-help">
        <label htmlFor="token">Token</label>
        <input
          id="token"
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          autoFocus
        />
        <button type="submit" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
        {shown && <p className="error" role="alert">{shown}</p>}
        <p id="signin-help" className="help">
          The admin token <code>npm start</code> printed at first start, an operator token, or an agent's token. It is kept in
          this tab only (sessionStorage) and sent as <code>Authorization: Bearer …</code>; what you see is what it may read.
        </p>
      </form>
    </main>
  );
}
