/**
 * A browser for the OIDC API tests: fetch with a cookie jar (name, path; host-wide like a browser's
 * for one host, whatever the port), following redirects one by one so each hop's cookies are kept.
 */
export interface Page {
  url: URL;
  status: number;
  body: string;
}

interface StoredCookie {
  value: string;
  path: string;
}

export class TestBrowser {
  private readonly jar = new Map<string, StoredCookie>();

  cookie(name: string): string | undefined {
    return [...this.jar.entries()].find(([key]) => key.startsWith(`${name}|`))?.[1].value;
  }

  private cookieHeader(url: URL): string {
    return [...this.jar.entries()]
      .filter(([, c]) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map(([key, c]) => `${key.split('|')[0]}=${c.value}`)
      .join('; ');
  }

  private store(url: URL, setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const attr = new Map(attributes.map((a) => [a.split('=')[0]!.toLowerCase(), a.split('=').slice(1).join('=')]));
      const path = attr.get('path') || url.pathname.replace(/\/[^/]*$/, '') || '/';
      const key = `${name}|${path}`;
      const expired = attr.get('max-age') === '0' || (attr.has('expires') && Date.parse(attr.get('expires')!) < Date.now()) || value === '';
      if (expired) this.jar.delete(key);
      else this.jar.set(key, { value, path });
    }
  }

  /** One request, no redirect followed. */
  async request(href: string, init: { method?: string; form?: Record<string, string>; json?: unknown } = {}): Promise<Response> {
    const url = new URL(href);
    const headers: Record<string, string> = {};
    const cookies = this.cookieHeader(url);
    if (cookies) headers.cookie = cookies;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    }
    const res = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, ...(body ? { body } : {}), redirect: 'manual' });
    this.store(url, res.headers.getSetCookie());
    return res;
  }

  /** A request and every redirect after it, until a page answers (or `stopAt` says the next hop is not to be taken). */
  async go(href: string, init: { method?: string; form?: Record<string, string> } = {}, stopAt?: (next: URL) => boolean): Promise<Page> {
    let url = new URL(href);
    let res = await this.request(url.href, init);
    for (let hops = 0; res.status >= 300 && res.status < 400 && res.headers.get('location'); hops++) {
      if (hops > 20) throw new Error('too many redirects');
      const next = new URL(res.headers.get('location')!, url);
      if (stopAt?.(next)) return { url: next, status: res.status, body: '' };
      url = next;
      res = await this.request(url.href);
    }
    return { url, status: res.status, body: await res.text() };
  }

  /** The JSON of a GET or POST to Lindring's API, with its status. */
  async api(href: string, method = 'GET'): Promise<{ status: number; json: unknown }> {
    const res = await this.request(href, { method });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
  }
}

/** The hidden inputs and action of the first form on a page (the provider's pages). */
export function formOf(html: string, base: URL): { action: URL; fields: Record<string, string> } {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form on the page: ${html.slice(0, 200)}`);
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input[^>]*type="hidden"[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1];
    if (name) fields[name] = value ?? '';
  }
  return { action: new URL(form[1]!.replace(/&amp;/g, '&'), base), fields };
}
