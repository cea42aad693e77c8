import Keycloak from 'keycloak-js';

/** Where Keycloak is and which client signs shoppers in: the gateway says, from its own settings. */
interface StorefrontConfig {
  keycloak: { url: string; realm: string; clientId: string };
}

/** The signed-in shopper, as the access token names them. */
export interface Shopper {
  id: string;
  email: string;
  name: string;
  admin: boolean;
}

let keycloak: Keycloak | undefined;
const listeners = new Set<() => void>();

/**
 * Starts the session: Keycloak's authorization-code flow with PKCE for the public client shop-web. The tokens live in
 * keycloak-js's memory only (nothing in localStorage or cookies of this origin); a reload asks Keycloak again in a
 * hidden frame whether the browser is still signed in there. The access token is refreshed before it expires; the
 * realm rotates refresh tokens, so each refresh token works once.
 */
export async function startSession(): Promise<void> {
  const response = await fetch('/storefront/config.json');
  if (!response.ok) {
    throw new Error(`The storefront's configuration could not be read (${response.status})`);
  }
  const config = (await response.json()) as StorefrontConfig;
  keycloak = new Keycloak(config.keycloak);
  keycloak.onTokenExpired = () => {
    void refresh();
  };
  keycloak.onAuthLogout = notify;
  const started = keycloak.init({
    onLoad: 'check-sso',
    silentCheckSsoRedirectUri: `${location.origin}/silent-check-sso.html`,
    pkceMethod: 'S256',
    checkLoginIframe: false,
  });
  // the storefront shows, signed out, when Keycloak does not answer: browsing needs no session
  await Promise.race([started, new Promise((_, reject) => setTimeout(() => reject(new Error('Keycloak did not answer')), 10_000))]);
  notify();
}

async function refresh(): Promise<void> {
  try {
    await keycloak?.updateToken(30);
  } catch {
    keycloak?.clearToken(); // the session ended at Keycloak: the shopper is signed out here too
  }
  notify();
}

function notify() {
  listeners.forEach((listener) => listener());
}

/** Calls {@code listener} whenever the shopper signs in or out; returns how to stop. */
export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function shopper(): Shopper | undefined {
  const token = keycloak?.tokenParsed;
  if (!keycloak?.authenticated || !token) {
    return undefined;
  }
  const claims = token as Record<string, unknown>;
  return {
    id: String(token.sub),
    email: String(claims.email ?? ''),
    name: String(claims.name ?? claims.given_name ?? claims.email ?? ''),
    admin: (token.realm_access?.roles ?? []).includes('admin'),
  };
}

/** A fresh access token for a call to the API (refreshed when it expires within 30 s), or none when signed out. */
export async function accessToken(): Promise<string | undefined> {
  if (!keycloak?.authenticated) {
    return undefined;
  }
  try {
    await keycloak.updateToken(30);
  } catch {
    keycloak.clearToken();
    notify();
    return undefined;
  }
  return keycloak.token;
}

/** Keycloak's sign-in page, then back to where the shopper was. */
export function signIn(returnTo: string = location.href): Promise<void> {
  return keycloak?.login({ redirectUri: returnTo }) ?? Promise.resolve();
}

/** Ends the session at Keycloak too (not only here), then back to the storefront's home. */
export function signOut(): Promise<void> {
  return keycloak?.logout({ redirectUri: `${location.origin}/` }) ?? Promise.resolve();
}
