/**
 * A real OpenID provider for the tests (issue 24): `oidc-provider` (the certified Node
 * implementation) in this process on a random port, with one confidential client (Lindring), PKCE
 * required, RP-initiated logout, and a plain HTML login page of our own (no script, no external
 * fonts) whose accounts carry the claims and the `amr` a test gives them. Never a mock: Lindring
 * discovers it, is redirected to it, exchanges codes with it and checks its signed ID tokens.
 *
 * `tamperIdToken` stands for an attacker on the wire: it rewrites the ID token in the token
 * endpoint's answer (re-signed with another key, or expired), which Lindring must refuse.
 */
import { generateKeyPairSync, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';

export interface TestAccount {
  password: string;
  claims: { name?: string; email?: string; preferred_username?: string; groups?: string[] };
  /** RFC 8176 methods the sign-in used, e.g. ['pwd'] or ['pwd', 'otp']. */
  amr: string[];
  acr?: string;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Login name → account; tests change an account's groups between sign-ins. */
  accounts: Map<string, TestAccount>;
  /** Rewrites the next ID tokens the token endpoint sends (null: untouched). */
  tamperIdToken: ((idToken: string) => string) | null;
  /** A token like the provider's, re-signed with the provider's own key (`real`) or another with the same key id (`forged`). */
  resign(idToken: string, change: (payload: Record<string, unknown>) => Record<string, unknown>, key: 'real' | 'forged'): string;
  close(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title: string, body: string) =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;

function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export async function startTestProvider(options: { redirectUri: string; postLogoutRedirectUri: string }): Promise<TestProvider> {
  const realKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const forgedKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = 'test-key-1';
  const jwk: JsonWebKey = { ...realKey.privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };

  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server: Server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const accounts = new Map<string, TestAccount>();
  const clientId = 'lindring';
  const clientSecret = 'a-test-client-secret-of-some-length-0123456789';
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId, client_secret: clientSecret, redirect_uris: [options.redirectUri], post_logout_redirect_uris: [options.postLogoutRedirectUri],
      grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post',
    }],
    jwks: { keys: [jwk] },
    ttl: { Grant: 3600, Session: 3600, AccessToken: 600, IdToken: 600, Interaction: 600, AuthorizationCode: 60 },
    cookies: { keys: ['a-test-cookie-key'] },
    pkce: { methods: ['S256'], required: () => true },
    // The groups go into the ID token (hospitals configure their provider so: Lindring reads no userinfo).
    claims: { openid: ['sub', 'groups', 'amr', 'acr'], profile: ['name', 'preferred_username'], email: ['email'] },
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = page('Sign out', `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`);
        },
      },
    },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: KoaContextWithOIDC, id: string) => {
      const account = accounts.get(id);
      return account ? { accountId: id, claims: () => ({ sub: id, ...account.claims }) } : undefined;
    },
    renderError: (ctx: KoaContextWithOIDC, out: { error: string }) => {
      ctx.type = 'html';
      ctx.body = page('Error', `<p>${escapeHtml(String(out.error))}</p>`);
    },
  });
  provider.proxy = false;
  const callback = provider.callback();

  const state: TestProvider = {
    issuer, clientId, clientSecret, accounts, tamperIdToken: null,
    resign(idToken, change, key) {
      const [header, payload] = idToken.split('.');
      const claims = change(JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>);
      const signingInput = `${header}.${base64url(JSON.stringify(claims))}`;
      const privateKey: KeyObject = key === 'real' ? realKey.privateKey : forgedKey.privateKey;
      return `${signingInput}.${base64url(sign('sha256', Buffer.from(signingInput), privateKey))}`;
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };

  handle = (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    // A browser asks for it on the login page; the provider has none.
    if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    const interaction = /^\/interaction\/([^/]+)$/.exec(url.pathname);
    if (interaction) return void interact(req, res, interaction[1]!).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
    if (url.pathname === '/token' && state.tamperIdToken) tamperAnswer(res, state.tamperIdToken);
    void callback(req, res);
  };

  /** Our login page: the login name and password, checked against the accounts; then login and consent in one step. */
  async function interact(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(page('Hospital sign-in', `<form method="post" action="/interaction/${escapeHtml(uid)}">
        <label>User name <input name="login" autocomplete="username" required></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
        <button type="submit">Sign in</button></form>`));
      return;
    }
    const form = await readForm(req);
    const login = form.get('login') ?? '';
    const account = accounts.get(login);
    if (!account || account.password !== form.get('password')) {
      res.statusCode = 401;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(page('Hospital sign-in', '<p role="alert">Wrong user name or password.</p>'));
      return;
    }
    const grant = new provider.Grant({ accountId: login, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId: login, amr: account.amr, ...(account.acr ? { acr: account.acr } : {}) }, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  return state;
}

/** Rewrites the id_token of the JSON answer the provider is about to send (koa ends a JSON body with one res.end). */
function tamperAnswer(res: ServerResponse, tamper: (idToken: string) => string): void {
  const end = res.end.bind(res);
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) {
      const answer = JSON.parse(chunk.toString()) as Record<string, unknown>;
      if (typeof answer.id_token === 'string') {
        const body = JSON.stringify({ ...answer, id_token: tamper(answer.id_token) });
        res.setHeader('content-length', Buffer.byteLength(body));
        return end(body);
      }
    }
    return end(chunk as string, ...(rest as []));
  }) as ServerResponse['end'];
}
