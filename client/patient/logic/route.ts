/** The invitation token in `/answer/:token`, or null when the path holds none. */
export function tokenFromPath(pathname: string): string | null {
  const match = /^\/answer\/([^/]+)\/?$/.exec(pathname);
  if (!match) return null;
  try {
    const token = decodeURIComponent(match[1]!).trim();
    return token === '' ? null : token;
  } catch {
    return null;
  }
}
