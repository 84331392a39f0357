// Who the caller is: what a client (the dashboard) asks right after sign-in to know what to show.
import type { TokenKind } from "./auth.js";
import { requireViewer } from "./auth.js";
import type { RequestContext } from "./runtime.js";

export interface ViewerView {
  kind: TokenKind;
  /** The token's own row (its name); every token, the admin's included, has one. */
  tokenId: string;
  /** An agent token's agent; null for operator and admin tokens. */
  agentId: string | null;
}

export async function currentViewer(ctx: RequestContext): Promise<ViewerView> {
  const viewer = requireViewer(await ctx.viewer());
  return { kind: viewer.kind, tokenId: viewer.tokenId, agentId: viewer.kind === "AGENT" ? viewer.agentId : null };
}
