// The signed-in token: kept in sessionStorage (this tab only, gone when it closes), never in a URL,
// and checked against the server (the viewer query) before it is kept.
import { graphql } from "./gql";
import type { SignInViewerQuery } from "./gql/graphql";
import { stringifyDocument } from "@urql/core";

const TOKEN_KEY = "runyard.token";
const COMPANY_KEY = "runyard.company";

export const SignInViewer = graphql(`
  query SignInViewer {
    viewer {
      kind
      agent { id name }
      companies(first: 100) { totalCount edges { node { id name } } }
    }
  }
`);

export type ViewerInfo = SignInViewerQuery["viewer"];

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storedCompany(): string | null {
  return sessionStorage.getItem(COMPANY_KEY);
}

export function storeCompany(id: string): void {
  sessionStorage.setItem(COMPANY_KEY, id);
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(COMPANY_KEY);
}

/** Who the token is; throws with the server's reason when it is refused (HTTP 401) or unreachable. */
export async function checkToken(token: string): Promise<ViewerInfo> {
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: stringifyDocument(SignInViewer), operationName: "SignInViewer" }),
    });
  } catch {
    throw new Error("the server cannot be reached");
  }
  const body = (await response.json().catch(() => null)) as { data?: SignInViewerQuery; errors?: Array<{ message: string }> } | null;
  if (response.status === 401) throw new Error(`the server refused this token: ${body?.errors?.[0]?.message ?? "unauthenticated"}`);
  if (!body?.data) throw new Error(body?.errors?.[0]?.message ?? `the server answered ${response.status}`);
  sessionStorage.setItem(TOKEN_KEY, token);
  return body.data.viewer;
}
