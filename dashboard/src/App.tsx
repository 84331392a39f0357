// The dashboard's shell: sign-in, then a header (company, live indicator, sign-out), the navigation
// and the page the URL's fragment names. One urql client and one socket while signed in.
import { useEffect, useMemo, useState } from "react";
import { Provider } from "urql";
import { createRunyardClient, type RunyardClient } from "./client";
import { listenToCompany } from "./live";
import { AgentsPage } from "./pages/Agents";
import { EnvironmentsPage } from "./pages/Environments";
import { ProvidersPage } from "./pages/Providers";
import { RunPage } from "./pages/Run";
import { RunsPage } from "./pages/Runs";
import { SignIn } from "./pages/SignIn";
import { useRoute, type Route } from "./route";
import { checkToken, forgetToken, storeCompany, storedCompany, storedToken, type ViewerInfo } from "./session";
import { useStore } from "./store";

export interface Session {
  viewer: ViewerInfo;
  companyId: string;
  /** Operators and the admin may cancel runs and retry cleanups; agent tokens only read. */
  canOperate: boolean;
}

export function App() {
  const [signedIn, setSignedIn] = useState<{ token: string; viewer: ViewerInfo } | null>(null);
  const [reason, setReason] = useState<string | null>(null);
  const [restoring, setRestoring] = useState(() => storedToken() !== null);

  // A reload keeps the tab's session: the stored token is checked again.
  useEffect(() => {
    const token = storedToken();
    if (!token) return;
    checkToken(token)
      .then((viewer) => setSignedIn({ token, viewer }))
      .catch((error: Error) => {
        forgetToken();
        setReason(error.message);
      })
      .finally(() => setRestoring(false));
  }, []);

  if (restoring) return <main className="signin"><p>Signing in…</p></main>;
  if (!signedIn) {
    return (
      <SignIn
        reason={reason}
        onSignedIn={(token, viewer) => {
          setReason(null);
          setSignedIn({ token, viewer });
        }}
      />
    );
  }
  return (
    <SignedIn
      key={signedIn.token}
      token={signedIn.token}
      viewer={signedIn.viewer}
      onSignOut={(why) => {
        forgetToken();
        setReason(why);
        setSignedIn(null);
      }}
    />
  );
}

function SignedIn({ token, viewer, onSignOut }: { token: string; viewer: ViewerInfo; onSignOut: (reason: string | null) => void }) {
  const client = useMemo<RunyardClient>(() => createRunyardClient(token, (why) => onSignOut(why)), [token]);
  useEffect(() => () => client.dispose(), [client]);
  const companies = viewer.companies.edges.map((edge) => edge.node);
  const [companyId, setCompanyId] = useState(() => {
    const stored = storedCompany();
    return companies.find((c) => c.id === stored)?.id ?? companies[0]?.id ?? null;
  });
  useEffect(() => {
    if (!companyId) return;
    storeCompany(companyId);
    return listenToCompany(client.urql, companyId);
  }, [client, companyId]);
  const route = useRoute();
  const socketState = useStore(client.socketState);
  const session: Session | null = companyId ? { viewer, companyId, canOperate: viewer.kind !== "AGENT" } : null;

  return (
    <Provider value={client.urql}>
      <header className="top">
        <a className="brand" href="#/runs">Runyard</a>
        <nav aria-label="Pages">
          <ul>
            <NavLink route={route} page="runs" label="Runs" />
            <NavLink route={route} page="agents" label="Agents" />
            <NavLink route={route} page="environments" label="Environments" />
            <NavLink route={route} page="providers" label="Providers" />
          </ul>
        </nav>
        <div className="who">
          {companies.length > 1 ? (
            <label>
              Company{" "}
              <select value={companyId ?? ""} onChange={(e) => setCompanyId(e.target.value)}>
                {companies.map((c) => (
                  <option key={c.id} value={c.id}>{c.name}</option>
                ))}
              </select>
            </label>
          ) : (
            <span>{companies[0]?.name}</span>
          )}
          <span className="kind" title="The signed-in token's kind">{viewer.kind}{viewer.agent ? ` · ${viewer.agent.name}` : ""}</span>
          <span className={`socket socket-${socketState}`} role="status" aria-live="polite">{socketState === "live" ? "● live" : socketState === "connecting" ? "○ connecting" : "○ reconnecting"}</span>
          <button type="button" onClick={() => onSignOut(null)}>Sign out</button>
        </div>
      </header>
      <main id="main">
        {session ? <Page route={route} session={session} /> : <p className="empty">This token sees no company yet. Create one (createCompany, with the admin token) or run <code>npm run demo</code>.</p>}
      </main>
    </Provider>
  );
}

function NavLink({ route, page, label }: { route: Route; page: Route["page"]; label: string }) {
  const current = route.page === page || (page === "runs" && route.page === "run");
  return (
    <li>
      <a href={`#/${page}`} aria-current={current ? "page" : undefined}>{label}</a>
    </li>
  );
}

function Page({ route, session }: { route: Route; session: Session }) {
  switch (route.page) {
    case "run":
      return <RunPage key={route.id} runId={route.id} session={session} />;
    case "agents":
      return <AgentsPage session={session} />;
    case "environments":
      return <EnvironmentsPage session={session} />;
    case "providers":
      return <ProvidersPage />;
    default:
      return <RunsPage key={session.companyId} session={session} />;
  }
}
